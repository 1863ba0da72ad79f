import { Alarm, ComparisonOperator, TreatMissingData, type IMetric } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import type { StageConfig } from '../stage-config';

export interface MonitoringProps {
  config: StageConfig;
}

/**
 * Where the stage's alarms go: one topic per stage, with the on-call mailbox from the stage
 * settings when there is one. Other constructs hand their alarms to `notify`.
 */
export class Monitoring extends Construct {
  readonly alarmTopic: Topic;
  private readonly action: SnsAction;

  constructor(scope: Construct, id: string, { config }: MonitoringProps) {
    super(scope, id);
    this.alarmTopic = new Topic(this, 'AlarmTopic', {
      displayName: `Pantau ${config.stage} alarms`,
      // Unencrypted on purpose: CloudWatch cannot publish to a topic under the AWS-managed SNS key,
      // and an alarm carries metric names and thresholds, no personal data.
      enforceSSL: true,
    });
    if (config.alarmEmail) this.alarmTopic.addSubscription(new EmailSubscription(config.alarmEmail));
    this.action = new SnsAction(this.alarmTopic);
  }

  /** Tells the on-call when each alarm fires and when it clears. */
  notify(...alarms: Alarm[]): void {
    for (const alarm of alarms) {
      alarm.addAlarmAction(this.action);
      alarm.addOkAction(this.action);
    }
  }
}

/**
 * An alarm on one period of a metric above a threshold (0: any failure, any dead letter). Missing
 * data is health: an idle function, an empty queue or a state machine between runs sends no points.
 */
export function alarmAbove(scope: Construct, id: string, description: string, metric: IMetric, threshold = 0): Alarm {
  return new Alarm(scope, id, {
    alarmDescription: description,
    metric,
    threshold,
    comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
    evaluationPeriods: 1,
    treatMissingData: TreatMissingData.NOT_BREACHING,
  });
}
