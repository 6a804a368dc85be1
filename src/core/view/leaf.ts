// The base of every item: a leaf with no command.
import type { ViewItem } from './nodes';

export function leaf(id: string, label: string, description: string, tooltipMarkdown: string, contextValue: string, icon: string): ViewItem {
  return { id, label, description, tooltipMarkdown, contextValue, icon, collapsible: 'none' };
}
