import type { Actor } from '../domain/actors';
import type { Employee } from '../domain/employees';
import { notFound } from '../domain/errors';
import { canReadEmployee } from '../domain/policy';
import type { DirectoryRepository } from '../adapters/dynamo/directory-repository';

/** An employee record the actor may see, or 404 whether it exists or not: others learn nothing. */
export async function readableEmployee(directory: DirectoryRepository, actor: Actor, nip: string): Promise<Employee> {
  const employee = await directory.getEmployee(nip);
  const kanregId = employee ? (await directory.getOrganisation(employee.agencyId))?.kanregId : undefined;
  if (!employee || !canReadEmployee(actor, employee, kanregId)) throw notFound('employee');
  return employee;
}
