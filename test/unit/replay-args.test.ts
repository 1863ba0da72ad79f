import { describe, expect, it } from 'vitest';
import { parseReplayArgs, ReplayArgsError } from '../../infra/ops/replay-args';

const parse = (line: string, env: NodeJS.ProcessEnv = {}) => parseReplayArgs(line.split(' ').filter(Boolean), env);
const refusal = (line: string, env: NodeJS.ProcessEnv = {}) => {
  try {
    parse(line, env);
  } catch (error) {
    expect(error).toBeInstanceOf(ReplayArgsError);
    return (error as Error).message;
  }
  throw new Error(`accepted: ${line}`);
};

describe('npm run replay arguments', () => {
  it('reads a cloud stage, one source or all four in order, a dry run and a limit', () => {
    expect(parse('--stage prod --source sms-dlq')).toEqual({ help: false, target: 'cloud', stage: 'prod', sources: ['sms-dlq'], dryRun: false });
    expect(parse('--stage dev --source all --dry-run --limit 5')).toEqual({
      help: false, target: 'cloud', stage: 'dev', sources: ['stream', 'email-dlq', 'sms-dlq', 'jobs-dlq'], dryRun: true, limit: 5,
    });
    expect(parse('--stage=staging --source=jobs-dlq --limit=1')).toMatchObject({ stage: 'staging', sources: ['jobs-dlq'], limit: 1 });
  });

  it('reads --local (or --stage local) as the local stack on PORT, without the jobs dead letters', () => {
    expect(parse('--local --source all')).toEqual({ help: false, target: 'local', api: 'http://127.0.0.1:3000', sources: ['stream', 'email-dlq', 'sms-dlq'], dryRun: false });
    expect(parse('--stage local --source stream', { PORT: '4100' })).toMatchObject({ target: 'local', api: 'http://127.0.0.1:4100', sources: ['stream'] });
  });

  it('answers --help without asking for anything else', () => {
    expect(parse('--help')).toEqual({ help: true });
    expect(parse('-h --source nonsense')).toEqual({ help: true });
  });

  it('refuses a bad argument in one line that says what would do', () => {
    const cases: [string, RegExp][] = [
      ['--source all', /^--stage is required: dev, staging or prod/],
      ['--stage qa --source all', /^--stage must be dev, staging or prod/],
      ['--stage dev', /^--source is required/],
      ['--stage dev --source everything', /^--source must be stream, email-dlq, sms-dlq, jobs-dlq or all$/],
      ['--stage dev --source stream --limit 0', /^--limit must be a whole number/],
      ['--stage dev --source stream --limit ten', /^--limit must be a whole number/],
      ['--stage dev --source email-dlq --limit 3', /^--limit does not apply to email-dlq: SQS moves a whole dead-letter queue back/],
      ['--local --stage prod --source stream', /^--local and --stage prod name two targets/],
      ['--local --source jobs-dlq', /^--source jobs-dlq is cloud only/],
      ['--stage dev --source stream --force', /^Unknown option '--force'$/],
      ['--stage dev --source stream extra', /extra/],
    ];
    for (const [line, message] of cases) {
      const text = refusal(line);
      expect(text, line).toMatch(message);
      expect(text, line).not.toContain('\n');
    }
    expect(refusal('--local --source stream', { PORT: 'http' })).toBe('PORT must be a port number (got "http")');
  });
});
