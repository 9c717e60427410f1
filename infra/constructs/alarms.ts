/** Where alarms go: an SNS topic when the stage names one, otherwise the console only. */
import { Duration } from "aws-cdk-lib";
import { Alarm, ComparisonOperator, TreatMissingData } from "aws-cdk-lib/aws-cloudwatch";
import { SnsAction } from "aws-cdk-lib/aws-cloudwatch-actions";
import type { IFunction } from "aws-cdk-lib/aws-lambda";
import { Topic } from "aws-cdk-lib/aws-sns";
import type { Construct } from "constructs";

export function notify(scope: Construct, alarm: Alarm, topicArn: string | undefined): Alarm {
  if (topicArn) {
    const topic = Topic.fromTopicArn(scope, `${alarm.node.id}Topic`, topicArn);
    alarm.addAlarmAction(new SnsAction(topic));
    alarm.addOkAction(new SnsAction(topic));
  }
  return alarm;
}

/**
 * `ErrorsAlarm`: a function's first error (crash or timeout) in five minutes, sent where
 * `notify` sends. Every Waypoint function has one; only the name and the reason differ.
 */
export function functionErrorsAlarm(
  scope: Construct,
  fn: IFunction,
  props: { alarmName: string; alarmDescription: string; alarmTopicArn: string | undefined },
): Alarm {
  return notify(
    scope,
    new Alarm(scope, "ErrorsAlarm", {
      alarmName: props.alarmName,
      alarmDescription: props.alarmDescription,
      metric: fn.metricErrors({ period: Duration.minutes(5), statistic: "Sum" }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    }),
    props.alarmTopicArn,
  );
}
