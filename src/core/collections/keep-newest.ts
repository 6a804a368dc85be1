// Bounded caches of outputs: a Map keeps insertion order, so the first keys are the oldest.

/** Drops the oldest entries until at most `limit` remain. */
export function keepNewest<K, V>(map: Map<K, V>, limit: number): void {
  for (const key of map.keys()) {
    if (map.size <= limit) return;
    map.delete(key);
  }
}
