import { strict as assert } from 'node:assert';
import { sectionError, splitSections } from '../../../src/core/snapshot/parse';
import { markerFor } from '../../../src/core/snapshot/script';
import { loadCapture } from '../helpers/captures';
import { assembleSnapshot, TEST_NONCE } from './assemble';

describe('snapshot/parse splitSections', () => {
  it('gives every section its exact stdout, stderr and exit status', () => {
    const addr = loadCapture('ip-addr-12.txt');
    const out = assembleSnapshot([
      ['hostname', 'devstack\n'],
      ['ns.1', 'qrouter-b6206312-f7d1-4fc7-8c3a-58c67e5e2a91'],
      ['ns.1.addr', addr],
      ['ovs.bridge', { stdout: '', stderr: 'ovs-vsctl: command not found', exitCode: 127 }],
    ]);
    const { sections, complete, preamble } = splitSections(out, TEST_NONCE);
    assert.equal(complete, true);
    assert.equal(preamble, '');
    assert.deepEqual([...sections.keys()], ['hostname', 'ns.1', 'ns.1.addr', 'ovs.bridge']);
    assert.equal(sections.get('hostname')!.stdout, 'devstack\n');
    assert.equal(sections.get('ns.1')!.stdout, 'qrouter-b6206312-f7d1-4fc7-8c3a-58c67e5e2a91');
    assert.equal(sections.get('ns.1.addr')!.stdout, addr);
    assert.deepEqual(sections.get('ovs.bridge'), { id: 'ovs.bridge', stdout: '', stderr: 'ovs-vsctl: command not found', exitCode: 127 });
  });

  it('survives a cut-off marker head (an end marker with no section open and no id)', () => {
    const marker = markerFor(TEST_NONCE);
    const { sections, complete } = splitSections(`${marker} E\n${marker} B hostname\ndevstack\n${marker} E`, TEST_NONCE);
    assert.equal(complete, false);
    assert.deepEqual([...sections.keys()], ['hostname']);
    assert.equal(sections.get('hostname')!.exitCode, null);
  });

  it('ignores markers with another nonce: command output cannot fake a section', () => {
    const forged = `${markerFor('ffffffffffffffffffffffffffffffff')} E hostname 0\n\n${markerFor('ffffffffffffffffffffffffffffffff')} B iptables\n`;
    const out = assembleSnapshot([['dnsmasq', `evil output\n${forged}more`]]);
    const { sections } = splitSections(out, TEST_NONCE);
    assert.deepEqual([...sections.keys()], ['dnsmasq']);
    assert.equal(sections.get('dnsmasq')!.stdout, `evil output\n${forged}more`);
  });

  it('a marker line not at the start of a line is data', () => {
    const inline = `x ${markerFor(TEST_NONCE)} B fake`;
    const { sections } = splitSections(assembleSnapshot([['procs', inline]]), TEST_NONCE);
    assert.equal(sections.get('procs')!.stdout, inline);
    assert.equal(sections.has('fake'), false);
  });

  it('marks a section cut short (connection dropped) with a null exit status', () => {
    const full = assembleSnapshot([['hostname', 'h\n'], ['link', '[{"ifindex":1,"ifname":"lo"}]']], { complete: false });
    const cut = full.slice(0, full.indexOf('"lo"'));
    const { sections, complete } = splitSections(cut, TEST_NONCE);
    assert.equal(complete, false);
    assert.equal(sections.get('hostname')!.exitCode, 0);
    assert.equal(sections.get('link')!.exitCode, null);
    assert.equal(sectionError(sections.get('link'), 'link')!.message, 'output ended before the section finished');
  });
});

describe('snapshot/parse stderr of quick sections', () => {
  const m = markerFor(TEST_NONCE);
  const out = assembleSnapshot([
    ['ns.1', 'qrouter-gone'],
    ['ns.1.ip', { stdout: '[]\n', stderr: '', exitCode: 255 }],
    ['ns.2', 'qdhcp-ok'],
    ['ns.2.ip', '[]\n[]\n[]\n'],
    ['ovs.bridge', { stdout: '', stderr: 'ovs-vsctl: command not found', exitCode: 127 }],
  ]);

  it('gives each S-marked stretch of the channel stderr to its section', () => {
    const stderr = `\n${m} S ns.1.ip\nCannot open network namespace "qrouter-gone": No such file or directory\n\n${m} S ns.2.ip\n`;
    const { sections } = splitSections(out, TEST_NONCE, stderr);
    assert.equal(sections.get('ns.1.ip')!.stderr, 'Cannot open network namespace "qrouter-gone": No such file or directory\n');
    assert.equal(sections.get('ns.2.ip')!.stderr, '');
    assert.deepEqual(sectionError(sections.get('ns.1.ip'), 'netns:qrouter-gone'), {
      section: 'netns:qrouter-gone',
      kind: 'not-found',
      message: 'Cannot open network namespace "qrouter-gone": No such file or directory',
    });
  });

  it('keeps a section’s own captured stderr, and ignores stderr markers of another nonce', () => {
    const other = markerFor('ffffffffffffffffffffffffffffffff');
    const stderr = `\n${other} S ns.1.ip\nforged\n\n${m} S ovs.bridge\nnot this\n`;
    const { sections } = splitSections(out, TEST_NONCE, stderr);
    assert.equal(sections.get('ns.1.ip')!.stderr, '');
    assert.equal(sections.get('ovs.bridge')!.stderr, 'ovs-vsctl: command not found');
  });
});

describe('snapshot/parse sectionError', () => {
  const sec = (exitCode: number, stderr: string) => ({ id: 'x', stdout: '', stderr, exitCode });
  it('classifies real failure messages', () => {
    assert.equal(sectionError(sec(0, ''), 'x'), null);
    assert.equal(sectionError(sec(127, 'sh: 1: ovs-vsctl: not found'), 'ovs')!.kind, 'not-found');
    assert.equal(
      sectionError(sec(255, 'Cannot open network namespace "qrouter-1": No such file or directory'), 'netns:qrouter-1')!.kind,
      'not-found',
    );
    const perm = sectionError(sec(1, 'iptables-save v1.8.9 (nf_tables): Could not fetch rule set generation id: Permission denied (you must be root)'), 'iptables');
    assert.equal(perm!.kind, 'permission');
    assert.match(perm!.message, /Permission denied/);
    assert.equal(sectionError(sec(3, 'weird'), 'x')!.kind, 'failed');
    assert.equal(sectionError(undefined, 'ovs')!.message, 'missing from the snapshot output');
  });
});
