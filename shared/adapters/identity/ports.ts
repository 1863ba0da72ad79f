import type { Role } from '../../domain/actors';

/** What an account carries besides its sign-in: the claims the API reads (shared/http/claims.ts). */
export interface AccountClaims {
  roles: Role[];
  orgId: string;
  nip?: string;
}

/** A new staff account, as the directory's invitation describes it. */
export interface NewAccount extends AccountClaims {
  /** Cognito username: chosen by the admin, immutable, unique in the pool. */
  username: string;
  name: string;
  email: string;
  /** E.164, +62… */
  phone?: string;
}

/** An account as the identity provider holds it now. */
export interface Account extends AccountClaims {
  /** The provider's subject (`sub`): the userId every token carries. */
  userId: string;
  username: string;
  enabled: boolean;
}

/**
 * The identity provider as the staff use cases need it: Cognito in the cloud, cognito-local on one
 * machine. Every call sets a state rather than applying a step, so a retry of a half-done change
 * can repeat any of them safely. Unavailability surfaces as the SDK's own errors (faults.ts tells
 * them apart); nothing here knows about organisations or policy.
 */
export interface IdentityProvider {
  /**
   * Creates the account and sends its invitation (a temporary password by email). When the
   * username exists already, nothing is sent and the existing account is returned with
   * `created: false`: the caller decides whether it is the one it meant to create.
   */
  createAccount(account: NewAccount): Promise<{ account: Account; created: boolean }>;
  /**
   * Sets the roles and organisation claims to these, in one call. The NIP, set at the invitation,
   * stays: no staff change moves it (a NIP given here is set too).
   */
  setClaims(username: string, claims: AccountClaims): Promise<void>;
  /** Stops the account from signing in or refreshing (tokens already issued are the directory's to refuse). */
  disable(username: string): Promise<void>;
  enable(username: string): Promise<void>;
  /** The account, or undefined when the username is unknown. */
  getAccount(username: string): Promise<Account | undefined>;
}
