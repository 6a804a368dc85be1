import { strict as assert } from 'node:assert';
import { ParseError } from '../../../src/core/parse/errors';
import { namespaceKind, namespaceUuid, parseNetnsList } from '../../../src/core/parse/netns';
import { captureFiles, loadCapture } from '../helpers/captures';

describe('parseNetnsList over every ip-netns capture', () => {
  const expected: Record<string, Array<[string, number | null]>> = {
    'ip-netns-1.txt': [['qdhcp-ea3928dc-b1fd-4a1a-940e-82b8c55214e6', null], ['qrouter-40fff075-d3a2-477b-942c-6b1adb42e35e', null]],
    'ip-netns-2.txt': [['fip-2f00f5f1-ad6f-4113-b550-df9f33afae49', null], ['qrouter-dd6481d3-c3c6-4cf8-877c-877c94b2edd3', null]],
    'ip-netns-3.txt': [
      ['snat-dd6481d3-c3c6-4cf8-877c-877c94b2edd3', null], ['qrouter-dd6481d3-c3c6-4cf8-877c-877c94b2edd3', null],
      ['qdhcp-728d4816-d2ea-4f7d-b005-13a1437eb6d6', null],
    ],
    'ip-netns-4.txt': [['snat-78d2f628-137c-4f26-a257-25fc20f203c1', null], ['qrouter-78d2f628-137c-4f26-a257-25fc20f203c1', null]],
    'ip-netns-6.txt': [
      ['qrouter-f84d21b1-c643-445a-87fb-b908b437f459', 2], ['qdhcp-bec99697-2bb8-448a-b1d5-80f73cca4654', 1],
      ['qdhcp-addf3eeb-ef5d-4222-9cbe-ecd8e782702a', 0],
    ],
    'ip-netns-7.txt': [
      ['qrouter-9574c13d-530a-4c8b-9f4c-b459d2f4709c', 2], ['qdhcp-dc61d555-2a0f-44e6-873c-db4c108915f3', 1],
      ['qdhcp-addf3eeb-ef5d-4222-9cbe-ecd8e782702a', 0],
    ],
    'ip-netns-8.txt': [
      ['qdhcp-e521f9d0-a1bd-4ff4-bc81-78a60dd88fe5', null], ['qdhcp-a4d00c60-f005-400e-a24c-1bf8b8308f98', null],
      ['qdhcp-fe178706-9942-4600-9224-b2ae7c61db71', null], ['qdhcp-0a1d0a27-cffa-4de3-92c5-9d3fd3f2e74d', null],
      ['qrouter-8a4ce760-ab55-4f2f-8ec5-a2e858ce0d39', null],
    ],
    'ip-netns-9.txt': [['qdhcp-88b1609c-68e0-49ca-a658-f1edff54a264', null], ['qrouter-2d214fde-293c-4d64-8062-797f80ae2d8f', null]],
  };

  it('has an expectation for every ip-netns capture', () => {
    assert.deepEqual(captureFiles('ip-netns-'), Object.keys(expected));
  });

  for (const [file, entries] of Object.entries(expected)) {
    it(`${file}: names and ids in listing order`, () => {
      assert.deepEqual(parseNetnsList(loadCapture(file), file).map((e) => [e.name, e.id]), entries);
    });
  }

  it('rejects text that is not a namespace listing', () => {
    assert.throws(() => parseNetnsList('qrouter-1 (id: 2)\nqdhcp-2 something else', 'ip netns'), (e: unknown) => {
      return e instanceof ParseError && e.source === 'ip netns' && e.line === 2;
    });
  });

  it('keeps hostile names verbatim', () => {
    assert.deepEqual(parseNetnsList('qdhcp-$(touch${IFS}PWNED) (id: 3)\n'), [{ name: 'qdhcp-$(touch${IFS}PWNED)', id: 3 }]);
  });
});

describe('namespaceKind / namespaceUuid', () => {
  const cases: Array<[string, string, string | null]> = [
    ['qrouter-9574c13d-530a-4c8b-9f4c-b459d2f4709c', 'qrouter', '9574c13d-530a-4c8b-9f4c-b459d2f4709c'],
    ['qdhcp-addf3eeb-ef5d-4222-9cbe-ecd8e782702a', 'qdhcp', 'addf3eeb-ef5d-4222-9cbe-ecd8e782702a'],
    ['snat-dd6481d3-c3c6-4cf8-877c-877c94b2edd3', 'snat', 'dd6481d3-c3c6-4cf8-877c-877c94b2edd3'],
    ['fip-2f00f5f1-ad6f-4113-b550-df9f33afae49', 'fip', '2f00f5f1-ad6f-4113-b550-df9f33afae49'],
    ['qlbaas-574a31da-1111-2222-3333-444455556666', 'qlbaas', '574a31da-1111-2222-3333-444455556666'],
    ['ovnmeta-0a1d0a27-cffa-4de3-92c5-9d3fd3f2e74d', 'ovnmeta', '0a1d0a27-cffa-4de3-92c5-9d3fd3f2e74d'],
    ['netns-test', 'other', null],
    ['qrouter-', 'other', null],
    ['qdhcp-$(touch${IFS}PWNED)', 'qdhcp', null],
    ['qrouter-9574c13d', 'qrouter', null],
  ];
  for (const [name, kind, uuid] of cases) {
    it(`${name} → ${kind}, ${uuid}`, () => {
      assert.equal(namespaceKind(name), kind);
      assert.equal(namespaceUuid(name), uuid);
    });
  }
});
