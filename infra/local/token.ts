import { issueToken } from './auth';
import { LocalStackError } from './dynamodb-local';
import { findOrganisation, findUser, users } from './seed-data';

/**
 * `npm run -s token -- <username>` prints a token for a seeded user and nothing else, so it can go
 * straight into a variable: TOKEN=$(npm run -s token -- budi).
 * `npm run -s token -- --list` prints the seeded users as JSON.
 */
const USAGE = 'Usage: npm run -s token -- <username>   (npm run -s token -- --list shows the users)';

async function main(args: string[]): Promise<number> {
  const [arg, ...rest] = args;
  if (arg === '--help' || arg === '-h') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (arg === undefined || rest.length > 0) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  if (arg === '--list') {
    process.stdout.write(`${JSON.stringify(users.map(describeUser), null, 2)}\n`);
    return 0;
  }
  const user = findUser(arg);
  if (!user) {
    process.stderr.write(`Unknown user "${arg}": \`npm run -s token -- --list\` shows the seeded users.\n`);
    return 2;
  }
  process.stdout.write(`${await issueToken(user)}\n`);
  return 0;
}

function describeUser(user: (typeof users)[number]) {
  const org = findOrganisation(user.orgId);
  return {
    username: user.username,
    name: user.name,
    roles: user.roles,
    organisation: { id: user.orgId, name: org?.name, kind: org?.kind },
    ...(user.nip ? { nip: user.nip } : {}),
  };
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof LocalStackError ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
