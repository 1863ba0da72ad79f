import { describe, expect, it } from 'vitest';
import { checkAnswer, ContractViolation, type Answer } from '../support/contract';

/** The e2e suite's contract checker must fail where an answer strays from the document. */
const health = { status: 'ok', service: 'pantau' };
// Every GET answer is tagged (shared/http/revalidation.ts).
const json = { 'content-type': 'application/json; charset=utf-8', etag: '"k7Hs9dQ2xZ0aB1cD"' };
const problem = (status: number, code: string) => ({ type: `https://pantau.bkn.go.id/problems/${code.toLowerCase()}`, title: 'x', status, code });
const answer = (over: Partial<Answer>): Answer => ({ method: 'GET', path: '/health', status: 200, headers: json, text: JSON.stringify(health), ...over });
function fails(over: Partial<Answer>, why: RegExp) {
  expect(() => checkAnswer(answer(over))).toThrow(ContractViolation);
  expect(() => checkAnswer(answer(over))).toThrow(why);
}

describe('the contract checker', () => {
  it('passes an answer the document promises, and returns its body', () => {
    expect(checkAnswer(answer({}))).toEqual(health);
    const notFound = { status: 404, headers: { 'content-type': 'application/problem+json' }, text: JSON.stringify(problem(404, 'NOT_FOUND')) };
    expect(() => checkAnswer(answer({ path: '/track/USL-0000-0000-0000?pin=123456', ...notFound }))).not.toThrow();
  });

  it('fails an undocumented path, method or status', () => {
    fails({ path: '/nowhere' }, /no such path/);
    fails({ method: 'DELETE' }, /has no DELETE/);
    fails({ status: 201 }, /status not documented/);
  });

  it('fails a body that does not fit: a field missing, a field too many, a code the status does not list', () => {
    fails({ text: JSON.stringify({ status: 'ok' }) }, /must have required property 'service'/);
    fails({ text: JSON.stringify({ ...health, uptime: 1 }) }, /additional properties/);
    const wrongCode = { path: '/track/USL-0000-0000-0000', status: 404, headers: { 'content-type': 'application/problem+json' }, text: JSON.stringify(problem(404, 'FORBIDDEN')) };
    fails(wrongCode, /allowed values/);
  });

  it('fails an undocumented content type, a missing required header, and any 5xx', () => {
    fails({ headers: { ...json, 'content-type': 'text/html' }, text: '<p>ok</p>' }, /content type "text\/html" not documented/);
    const employee = { method: 'GET', path: '/employees/199001012015032001', headers: { 'content-type': 'application/json' }, text: '{}' };
    fails(employee, /required header ETag/);
    fails({ status: 500, headers: { 'content-type': 'application/problem+json' }, text: JSON.stringify(problem(500, 'INTERNAL')) }, /server error/);
  });

  it('leaves the local stack’s own routes alone', () => {
    expect(checkAnswer(answer({ path: '/_local/jobs', status: 404, text: '{"anything":true}' }))).toEqual({ anything: true });
    expect(checkAnswer(answer({ path: '/docs', headers: { 'content-type': 'text/html' }, text: '<html>' }))).toBeUndefined();
  });
});
