import { describe, expect, it } from 'vitest';
import { claimsOf } from '../../infra/local/auth';
import { employees, findOrganisation, findUser, staffMembers, users } from '../../infra/local/seed-data';
import { CLAIM } from '../../shared/http/claims';

describe('the demo staff can be notified', () => {
  it('gives every staff user a profile under the subject of their token, and no employee one', () => {
    const profiles = staffMembers();
    expect(profiles.map((p) => p.username).sort()).toEqual(users.filter((u) => !u.nip).map((u) => u.username).sort());
    for (const profile of profiles) {
      expect(profile.userId, profile.username).toBe(claimsOf(findUser(profile.username)!)[CLAIM.subject]);
    }
  });

  it('reaches each by an example.com address and an Indonesian mobile number in E.164, none shared with anyone', () => {
    const profiles = staffMembers();
    for (const profile of profiles) {
      expect(profile.contact.email, profile.username).toMatch(/^[a-z.]+@example\.com$/);
      expect(profile.contact.phone, profile.username).toMatch(/^\+628\d{8,11}$/);
    }
    const emails = [...profiles.map((p) => p.contact.email), ...employees.map((e) => e.contact.email)];
    const phones = [...profiles.map((p) => p.contact.phone), ...employees.map((e) => e.contact.phone)];
    expect(new Set(emails).size).toBe(emails.length);
    expect(new Set(phones).size).toBe(phones.length);
  });

  it('keeps each in their organisation’s time zone, in Indonesian, with both channels on', () => {
    for (const profile of staffMembers()) {
      expect(profile.timeZone, profile.username).toBe(findOrganisation(profile.orgId)!.timeZone);
      expect(profile.preferences, profile.username).toEqual({ language: 'id', channels: { email: true, sms: true } });
    }
    expect(staffMembers().find((p) => p.username === 'ver.kanreg8')?.timeZone).toBe('Asia/Makassar');
  });
});
