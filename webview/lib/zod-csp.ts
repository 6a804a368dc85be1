// Import first in every webview: the CSP forbids eval, so zod must not probe for it
// with new Function() (the probe would log a CSP violation).
import { z } from 'zod';

z.config({ jitless: true });
