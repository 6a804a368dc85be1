// `lab:down` beside what the lab did not make: an Open vSwitch of somebody else's (real
// ovsdb-server and ovs-vswitchd with their own database, in their own run dir or in the default
// /run/openvswitch a distribution's OVS uses) and a `stack` user of a real DevStack. Each `lab:up`
// (fast and Neutron) either runs beside them or refuses, and `lab:down` afterwards leaves them
// exactly as they were. Needs root and no lab up; run it under the lock:
//   flock /tmp/devstack-lab.lock npx mocha --config test/neutron/.mocharc.json test/neutron/foreign-neighbours.test.ts
import { strict as assert } from 'node:assert';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isGone, processName } from '../lab/ovs';
import { labLeftovers, labSh } from './cycle';

const OWNER = 'foreign-neighbours-test';

/** An Open vSwitch the lab did not start: its database in `dbDir`, its sockets and pid files in `runDir`. */
class ForeignOvs {
  readonly sock: string;
  readonly db: string;
  private readonly env: NodeJS.ProcessEnv;
  pids: { server: number; vswitchd: number } = { server: -1, vswitchd: -1 };
  private bridges: readonly string[] = [];
  private datapath: 'netdev' | 'system' = 'system';

  constructor(readonly runDir: string, readonly dbDir: string) {
    this.sock = path.join(runDir, 'db.sock');
    this.db = path.join(dbDir, 'conf.db');
    this.env = { ...process.env, OVS_RUNDIR: runDir, OVS_DBDIR: dbDir, OVS_LOGDIR: dbDir };
  }

  private run(argv: string[]): string {
    return execFileSync(argv[0], argv.slice(1), { env: this.env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  }

  vsctl(...args: string[]): string {
    return this.run(['ovs-vsctl', `--db=unix:${this.sock}`, '--timeout=20', ...args]).trim();
  }

  /**
   * Starts both daemons with `bridges`: on the userspace datapath (`netdev`: their devices and
   * ovs-netdev appear in the root namespace), or only as database rows (`system`: no kernel module here).
   */
  start(bridges: readonly string[], datapath: 'netdev' | 'system'): void {
    if (datapath === 'netdev') assert.deepEqual(liveLinks([...bridges, 'ovs-netdev']), [], 'devices of these names exist already');
    this.bridges = bridges;
    this.datapath = datapath;
    fs.mkdirSync(this.runDir, { recursive: true });
    fs.mkdirSync(this.dbDir, { recursive: true });
    this.run(['ovsdb-tool', 'create', this.db, '/usr/share/openvswitch/vswitch.ovsschema']);
    const serverPid = path.join(this.runDir, 'ovsdb-server.pid');
    const switchPid = path.join(this.runDir, 'ovs-vswitchd.pid');
    this.run(['ovsdb-server', this.db, `--remote=punix:${this.sock}`, `--pidfile=${serverPid}`, '--detach', `--log-file=${path.join(this.dbDir, 'ovsdb-server.log')}`]);
    this.vsctl('--no-wait', 'init');
    this.vsctl('--no-wait', 'set', 'Open_vSwitch', '.', `external_ids:owner=${OWNER}`);
    this.run(['ovs-vswitchd', `unix:${this.sock}`, `--pidfile=${switchPid}`, '--detach', `--log-file=${path.join(this.dbDir, 'ovs-vswitchd.log')}`]);
    for (const b of bridges) this.vsctl(...(datapath === 'system' ? ['--no-wait'] : []), 'add-br', b, '--', 'set', 'Bridge', b, `datapath_type=${datapath}`);
    this.pids = { server: Number(fs.readFileSync(serverPid, 'utf8')), vswitchd: Number(fs.readFileSync(switchPid, 'utf8')) };
  }

  /** What must be unchanged after the lab's down: its processes, files, database and bridges. */
  state() {
    const alive = (pid: number, name: string) => !isGone(pid) && processName(pid) === name;
    const answers = spawnSync('ovs-vsctl', [`--db=unix:${this.sock}`, '--timeout=5', 'get', 'Open_vSwitch', '.', 'external_ids:owner'], { encoding: 'utf8' });
    const bridges = spawnSync('ovs-vsctl', [`--db=unix:${this.sock}`, '--timeout=5', 'list-br'], { encoding: 'utf8' });
    return {
      server: alive(this.pids.server, 'ovsdb-server'),
      vswitchd: alive(this.pids.vswitchd, 'ovs-vswitchd'),
      files: ['db.sock', 'ovsdb-server.pid', 'ovs-vswitchd.pid'].filter((f) => fs.existsSync(path.join(this.runDir, f))).concat(fs.existsSync(this.db) ? ['conf.db'] : []),
      owner: answers.stdout.trim().replace(/"/g, ''),
      bridges: bridges.stdout.trim().split('\n').filter(Boolean).sort(),
    };
  }

  /** Deletes its bridges, stops the daemons by their pids and removes what start() made (its devices too: taps outlive ovs-vswitchd). */
  async stop(): Promise<void> {
    if (this.bridges.length > 0 && !isGone(this.pids.vswitchd)) this.vsctl('--if-exists', 'del-br', ...this.bridges.flatMap((b, i) => (i === 0 ? [b] : ['--', '--if-exists', 'del-br', b])));
    for (const pid of [this.pids.vswitchd, this.pids.server]) {
      if (pid <= 0 || isGone(pid)) continue;
      process.kill(pid, 'SIGTERM');
      for (let i = 0; i < 100 && !isGone(pid); i++) await new Promise((r) => setTimeout(r, 50));
      if (!isGone(pid)) process.kill(pid, 'SIGKILL');
    }
    for (const f of fs.existsSync(this.runDir) ? fs.readdirSync(this.runDir) : []) {
      if (/^(db\.sock|ovsdb-server\.(pid|\d+\.ctl)|ovs-vswitchd\.(pid|\d+\.ctl)|.*\.(mgmt|snoop))$/.test(f)) fs.rmSync(path.join(this.runDir, f), { force: true });
    }
    fs.rmSync(this.dbDir, { recursive: true, force: true });
    if (this.datapath === 'netdev') for (const d of liveLinks([...this.bridges, 'ovs-netdev'])) execFileSync('ip', ['link', 'del', d]);
  }
}

/** Root-namespace devices of these names that exist. */
function liveLinks(names: readonly string[]): string[] {
  const links = JSON.parse(execFileSync('ip', ['-j', 'link', 'show'], { encoding: 'utf8' })) as { ifname: string }[];
  return names.filter((n) => links.some((l) => l.ifname === n));
}

const gecos = (user: string) => spawnSync('getent', ['passwd', user], { encoding: 'utf8' }).stdout.trim().split(':')[4] ?? null;

async function labUp(...args: string[]): Promise<{ code: number; output: string }> {
  return labSh(['up', ...args], 10 * 60_000);
}

async function labDown(): Promise<void> {
  const res = await labSh(['down'], 5 * 60_000);
  assert.equal(res.code, 0, `lab:down failed:\n${res.output}`);
}

describe('lab:down beside an Open vSwitch and a stack user that are not the lab\'s', function () {
  this.timeout(20 * 60_000);

  before(async () => {
    assert.equal(process.getuid?.(), 0, 'this suite needs root: it starts Open vSwitch daemons, adds a user and runs lab:up/down');
    assert.equal(await labLeftovers(), '', 'no lab may be up when this suite starts (npm run lab:down first)');
  });

  describe('an Open vSwitch in its own run dir, with its own database', () => {
    const foreign = new ForeignOvs('/run/foreign-ovs-test', '/var/tmp/foreign-ovs-test');
    // no userspace bridge: its ovs-netdev device would be the one the lab's ovs-vswitchd makes too
    before(() => foreign.start(['foreign-br0'], 'system'));
    after(async () => {
      await labSh(['down'], 5 * 60_000);
      await foreign.stop();
    });

    it('the fast lab comes up beside it; down stops only the lab\'s Open vSwitch', async () => {
      const before = foreign.state();
      assert.deepEqual(before, { server: true, vswitchd: true, files: ['db.sock', 'ovsdb-server.pid', 'ovs-vswitchd.pid', 'conf.db'], owner: OWNER, bridges: ['foreign-br0'] });
      const up = await labUp();
      assert.equal(up.code, 0, `lab:up beside a private Open vSwitch:\n${up.output}`);
      await labDown();
      assert.deepEqual(foreign.state(), before, 'the foreign Open vSwitch after lab:down');
      assert.equal(await labLeftovers(), '', 'and the lab left nothing');
    });
  });

  describe('an Open vSwitch in the default run dir /run/openvswitch (a distribution\'s), with a br-int of its own', () => {
    const foreign = new ForeignOvs('/run/openvswitch', '/var/tmp/foreign-ovs-test');
    const bridges = ['br-ex', 'br-int'];
    before(function () {
      if (fs.existsSync('/run/openvswitch/db.sock')) throw new Error('/run/openvswitch/db.sock exists already: another Open vSwitch runs; this test needs the default run dir free');
      foreign.start(bridges, 'netdev');
    });
    after(async () => {
      await labSh(['down'], 5 * 60_000);
      await foreign.stop();
    });

    for (const args of [[], ['--neutron', 'ovs-hybrid']]) {
      it(`lab:up ${args.join(' ') || '(fast)'} refuses to share it, and lab:down leaves its daemons, database, bridges and devices`, async () => {
        const before = foreign.state();
        assert.deepEqual(before, { server: true, vswitchd: true, files: ['db.sock', 'ovsdb-server.pid', 'ovs-vswitchd.pid', 'conf.db'], owner: OWNER, bridges });
        assert.deepEqual(liveLinks([...bridges, 'ovs-netdev']), [...bridges, 'ovs-netdev']);
        const up = await labUp(...args);
        assert.notEqual(up.code, 0, `lab:up ${args.join(' ')} started beside an Open vSwitch in /run/openvswitch:\n${up.output}`);
        assert.match(up.output, /an Open vSwitch that is not the lab's is running/);
        await labDown();
        assert.deepEqual(foreign.state(), before, 'the foreign Open vSwitch after lab:down');
        assert.deepEqual(liveLinks([...bridges, 'ovs-netdev']), [...bridges, 'ovs-netdev'], 'its bridge devices after lab:down');
        assert.equal(await labLeftovers(), '', 'verify-clean: nothing of the lab is left, and the other Open vSwitch is not counted as the lab\'s');
      });
    }
  });

  describe('a stack user of a real DevStack (home /opt/stack)', () => {
    const home = '/opt/stack';
    const kept = path.join(home, 'devstack', 'local.conf');
    const comment = `DevStack (${OWNER})`;
    before(() => {
      assert.equal(gecos('stack'), null, 'a stack user exists already; this test needs to make its own');
      assert.ok(!fs.existsSync(home), `${home} exists already`);
      execFileSync('useradd', ['--create-home', '--home-dir', home, '--shell', '/bin/bash', '--comment', comment, 'stack']);
      fs.mkdirSync(path.dirname(kept), { recursive: true });
      fs.writeFileSync(kept, '[[local|localrc]]\n');
    });
    after(async () => {
      await labSh(['down'], 5 * 60_000);
      if (gecos('stack') === comment) execFileSync('userdel', ['--force', '--remove', 'stack']);
      fs.rmSync(home, { recursive: true, force: true });
    });

    for (const args of [[], ['--neutron', 'ovs-hybrid']]) {
      it(`lab:up ${args.join(' ') || '(fast)'} refuses to take it over, and lab:down leaves the user and its home`, async () => {
        const up = await labUp(...args);
        assert.notEqual(up.code, 0, `lab:up ${args.join(' ')} took over a stack user that is not the lab's:\n${up.output}`);
        assert.match(up.output, /user stack exists and is not the lab's/);
        await labDown();
        assert.equal(gecos('stack'), comment, 'the stack user after lab:down');
        assert.equal(fs.readFileSync(kept, 'utf8'), '[[local|localrc]]\n', `${kept} after lab:down`);
        assert.equal(await labLeftovers(), '', 'and the lab left nothing');
      });
    }
  });
});
