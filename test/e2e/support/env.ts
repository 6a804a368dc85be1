// What scripts/e2e.sh set up for this run. Running the scenarios without it fails loudly.
function need(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the end-to-end tests with \`npm run test:e2e\``);
  return value;
}

export const e2e = {
  /** The workbench URL of the code-server started for this run. */
  get url() { return need('E2E_URL'); },
  /** Where the screenshots go (test/e2e/artifacts). */
  get artifacts() { return need('E2E_ARTIFACTS'); },
  /** The known_hosts file of ~/.ssh/config's lab entry; empty at the start of the run. */
  get knownHosts() { return need('E2E_KNOWN_HOSTS'); },
};
