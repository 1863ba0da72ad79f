import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { defaultWindows, windowsOf, type SubmissionWindow, type SubmissionWindows } from '../../domain/sla/windows';
import { keys, stripStorage } from './keys';

/**
 * Submission windows per service and year, as BKN admins set them; a year nobody set uses
 * Pantau's default. Cached a few minutes per container, like the calendar.
 */
export class WindowsRepository {
  private readonly cache = new Map<string, { value: SubmissionWindows | undefined; until: number }>();

  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly cacheMs = 5 * 60_000,
  ) {}

  async get(serviceType: string, year: number): Promise<SubmissionWindows | undefined> {
    const key = `${serviceType}#${year}`;
    const cached = this.cache.get(key);
    if (cached && cached.until > Date.now()) return cached.value;
    const { Item } = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: keys.windows(serviceType, year) }));
    const value = Item ? stripStorage<SubmissionWindows>(Item) : undefined;
    this.cache.set(key, { value, until: Date.now() + this.cacheMs });
    return value;
  }

  async put(setting: SubmissionWindows): Promise<void> {
    await this.doc.send(new PutCommand({ TableName: this.tableName, Item: { ...keys.windows(setting.serviceType, setting.year), entity: 'WINDOWS', ...setting } }));
    this.cache.delete(`${setting.serviceType}#${setting.year}`);
  }

  /** The windows in force for a year: the admins' setting, or the default. */
  async inForce(serviceType: string, year: number): Promise<{ windows: SubmissionWindow[]; isDefault: boolean }> {
    const stored = await this.get(serviceType, year);
    return stored ? { windows: windowsOf(stored), isDefault: false } : { windows: defaultWindows(year, serviceType), isDefault: true };
  }

  /** This year's and next year's windows: a window can close in December for a February period. */
  async around(serviceType: string, year: number): Promise<SubmissionWindow[]> {
    const [a, b] = await Promise.all([this.inForce(serviceType, year), this.inForce(serviceType, year + 1)]);
    return [...a.windows, ...b.windows];
  }
}
