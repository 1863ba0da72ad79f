import { randomBytes } from 'node:crypto';
import { TrackingLinks } from '../../shared/app/tracking-links';
import type { KeyRing } from '../../shared/domain/tracking/link-token';

/** A fresh ring for one test process: links it signs verify in that process only, as a stage's do in that stage. */
export const testKeyRing = (): KeyRing => ({ current: 'a', keys: { a: randomBytes(32).toString('base64') } });

/** Tracking links over a test ring, on the base URL the tests' notifications use. */
export const testTrackingLinks = (ring: KeyRing = testKeyRing(), publicBaseUrl = 'https://pantau.example.go.id'): TrackingLinks =>
  new TrackingLinks({ load: async () => ring }, publicBaseUrl);

/** The agencies' front end as the tests' notifications link to it: another host than the API's. */
export const TEST_WEB_BASE_URL = 'https://app.pantau.example.go.id';
