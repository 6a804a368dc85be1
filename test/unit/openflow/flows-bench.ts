// Not a test (no timing in tests): `node --expose-gc --import tsx test/unit/openflow/flows-bench.ts`.
// Parses 50,000 real-shaped flows (test/bench/flows50k.ts) and compares CPU time with splitting them into words.
import { parseDumpFlows } from '../../../src/core/openflow/flows';
import { flows50k } from '../../bench/flows50k';

const text = flows50k();
const tokenize = () => text.split('\n').map((l) => l.split(/\s+/));
const parse = () => parseDumpFlows(text);
const g = (globalThis as { gc?: () => void }).gc ?? (() => {});
function once(fn: () => unknown): number { g(); const c0 = process.cpuUsage(); fn(); const c = process.cpuUsage(c0); return (c.user + c.system) / 1e3; }
for (let i = 0; i < 5; i++) { tokenize(); parse(); }
const tks: number[] = [], pss: number[] = [];
for (let i = 0; i < 15; i++) { tks.push(once(tokenize)); pss.push(once(parse)); }
const med = (x: number[]) => [...x].sort((p, q) => p - q)[Math.floor(x.length / 2)];
console.log(`flows=${parse().length} bytes=${text.length}`);
console.log(`CPU ms: tokenize median ${med(tks).toFixed(1)}, parse median ${med(pss).toFixed(1)} (${(med(pss) / med(tks)).toFixed(2)}x)`);
