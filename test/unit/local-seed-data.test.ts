import { describe, expect, it } from 'vitest';
import { employees, findOrganisation, organisations, users } from '../../infra/local/seed-data';
import { ROLES, type Role } from '../../shared/domain/actors';

const compact = (isoDate: string) => isoDate.replaceAll('-', '');

describe('the demo data', () => {
  it('gives every employee an 18-digit number that agrees with their birth date and sex', () => {
    for (const employee of employees) {
      expect(employee.nip, employee.name).toMatch(/^\d{18}$/);
      expect(employee.nip.slice(0, 8), employee.name).toBe(compact(employee.birthDate));
      expect(employee.nip[14], employee.name).toBe(employee.sex === 'M' ? '1' : '2');
    }
  });

  it('dates the TMT CPNS of a PNS or CPNS to a real month after their 18th birthday, a CPNS at their first rank', () => {
    for (const employee of employees.filter((e) => e.kind !== 'PPPK')) {
      const tmt = employee.nip.slice(8, 14);
      const month = Number(tmt.slice(4));
      expect(month, employee.name).toBeGreaterThanOrEqual(1);
      expect(month, employee.name).toBeLessThanOrEqual(12);
      expect(Number(tmt.slice(0, 4)) - Number(employee.birthDate.slice(0, 4)), employee.name).toBeGreaterThanOrEqual(18);
      if (employee.kind === 'CPNS') expect(compact(employee.pangkat!.tmt).slice(0, 6), employee.name).toBe(tmt);
    }
  });

  it('has unique NIPs, each agency with at least two employees in its own time zone', () => {
    expect(new Set(employees.map((e) => e.nip)).size).toBe(employees.length);
    for (const agency of organisations.filter((o) => o.kind === 'INSTANSI')) {
      const staff = employees.filter((e) => e.agencyId === agency.id);
      expect(staff.length, agency.id).toBeGreaterThanOrEqual(2);
      for (const employee of staff) expect(employee.timeZone, employee.name).toBe(agency.timeZone);
    }
  });

  it('reaches every employee by email and an Indonesian mobile number in E.164', () => {
    for (const employee of employees) {
      expect(employee.contact.email, employee.name).toMatch(/^[a-z.]+@example\.com$/);
      expect(employee.contact.phone, employee.name).toMatch(/^\+628\d{8,11}$/);
    }
    expect(employees.some((e) => e.preferences.language === 'en')).toBe(true);
  });

  it('places every agency under a Kanreg that exists', () => {
    for (const agency of organisations.filter((o) => o.kind === 'INSTANSI')) {
      expect(findOrganisation(agency.kanregId ?? '')?.kind, agency.id).toBe('KANREG');
    }
  });

  it('has unique usernames, each in an organisation that exists, and a user for every role', () => {
    expect(new Set(users.map((u) => u.username)).size).toBe(users.length);
    for (const user of users) expect(findOrganisation(user.orgId), user.username).toBeDefined();
    const roles = new Set<Role>(users.flatMap((u) => u.roles));
    for (const role of ROLES) expect(roles.has(role), role).toBe(true);
  });

  it('gives each employee user the NIP of a seeded employee of their own agency, and staff none', () => {
    for (const user of users) {
      if (user.roles.includes('PEGAWAI')) {
        const record = employees.find((e) => e.nip === user.nip);
        expect(record?.agencyId, user.username).toBe(user.orgId);
        expect(record?.name, user.username).toBe(user.name);
      } else expect(user.nip, user.username).toBeUndefined();
    }
  });

  it('staffs each Kanreg I agency with the whole chain, and both Kanregs with a verifier and an approver', () => {
    const has = (orgId: string, role: Role) => users.some((u) => u.orgId === orgId && u.roles.includes(role));
    for (const agency of ['PEMKAB-SLEMAN', 'PEMKOT-YOGYAKARTA']) {
      for (const role of ['PEGAWAI', 'OPERATOR', 'VERIFIKATOR', 'APPROVER', 'ADMIN_INSTANSI'] as const) expect(has(agency, role), `${agency} ${role}`).toBe(true);
    }
    for (const kanreg of ['KANREG-I', 'KANREG-VIII']) {
      expect(has(kanreg, 'VERIFIKATOR'), kanreg).toBe(true);
      expect(has(kanreg, 'APPROVER'), kanreg).toBe(true);
    }
    expect(has('PEMPROV-KALSEL', 'PEGAWAI') && has('PEMPROV-KALSEL', 'OPERATOR')).toBe(true);
  });
});
