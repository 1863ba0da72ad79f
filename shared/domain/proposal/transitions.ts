import type { Action, Status } from './types';

/**
 * Who performs an action: the APPLICANT (the employee who filed for themselves, or any operator
 * of the agency that filed), or the ASSIGNEE (whoever holds the role, in the organisation, that
 * the current stage or the completion step names in the catalog).
 */
export type Performer = 'APPLICANT' | 'ASSIGNEE';

/** Where the proposal stands after the action. */
export type StageMove = 'FIRST' | 'NEXT' | 'SAME' | 'COMPLETION' | 'NONE';

export type Requirement = 'reason' | 'missingItems' | 'output' | 'documents';

export interface TransitionRule {
  from: Status;
  action: Action;
  by: Performer;
  /** Only at the last stage (approve), or only before it (forward). */
  at?: 'FINAL_STAGE' | 'EARLIER_STAGE';
  to: Status;
  stage: StageMove;
  requires: readonly Requirement[];
}

/**
 * The lifecycle of every proposal, read aloud row by row. Roles and organisations come from the
 * service type's stages; anything not in this table is refused with 409.
 */
export const TRANSITIONS: readonly TransitionRule[] = [
  { from: 'DRAFT',       action: 'submit',   by: 'APPLICANT',                     to: 'IN_PROGRESS', stage: 'FIRST',      requires: ['documents'] },
  { from: 'DRAFT',       action: 'withdraw', by: 'APPLICANT',                     to: 'WITHDRAWN',   stage: 'NONE',       requires: [] },
  { from: 'IN_PROGRESS', action: 'forward',  by: 'ASSIGNEE', at: 'EARLIER_STAGE', to: 'IN_PROGRESS', stage: 'NEXT',       requires: [] },
  { from: 'IN_PROGRESS', action: 'approve',  by: 'ASSIGNEE', at: 'FINAL_STAGE',   to: 'APPROVED',    stage: 'COMPLETION', requires: [] },
  { from: 'IN_PROGRESS', action: 'return',   by: 'ASSIGNEE',                      to: 'RETURNED',    stage: 'SAME',       requires: ['reason', 'missingItems'] },
  { from: 'IN_PROGRESS', action: 'reject',   by: 'ASSIGNEE',                      to: 'REJECTED',    stage: 'NONE',       requires: ['reason'] },
  { from: 'IN_PROGRESS', action: 'withdraw', by: 'APPLICANT',                     to: 'WITHDRAWN',   stage: 'NONE',       requires: [] },
  { from: 'RETURNED',    action: 'resubmit', by: 'APPLICANT',                     to: 'IN_PROGRESS', stage: 'SAME',       requires: ['documents'] },
  { from: 'RETURNED',    action: 'withdraw', by: 'APPLICANT',                     to: 'WITHDRAWN',   stage: 'NONE',       requires: [] },
  { from: 'APPROVED',    action: 'complete', by: 'ASSIGNEE',                      to: 'COMPLETED',   stage: 'NONE',       requires: ['output'] },
];
