/** Where alarms go: an SNS topic when the stage names one, otherwise the console only. */
import { Duration } from "aws-cdk-lib";
import {
  Alarm,
  ComparisonOperator,
  TreatMissingData,
  type IMetric,
} from "aws-cdk-lib/aws-cloudwatch";
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

export interface FunctionAlarmProps {
  alarmName: string;
  alarmDescription: string;
  alarmTopicArn: string | undefined;
}

/** An alarm on the first datapoint of `metric` (a function's Sum over five minutes). */
function onFirstInFiveMinutes(
  scope: Construct,
  id: string,
  metric: IMetric,
  props: FunctionAlarmProps,
): Alarm {
  return notify(
    scope,
    new Alarm(scope, id, {
      alarmName: props.alarmName,
      alarmDescription: props.alarmDescription,
      metric,
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    }),
    props.alarmTopicArn,
  );
}

const FIVE_MINUTES_SUM = { period: Duration.minutes(5), statistic: "Sum" } as const;

/**
 * `ErrorsAlarm`: a function's first error (crash or timeout) in five minutes, sent where
 * `notify` sends. Every Waypoint function has one; only the name and the reason differ.
 */
export function functionErrorsAlarm(
  scope: Construct,
  fn: IFunction,
  props: FunctionAlarmProps,
): Alarm {
  return onFirstInFiveMinutes(scope, "ErrorsAlarm", fn.metricErrors(FIVE_MINUTES_SUM), props);
}

/** `ThrottlesAlarm`: a function's first throttled invocation in five minutes. */
export function functionThrottlesAlarm(
  scope: Construct,
  fn: IFunction,
  props: FunctionAlarmProps,
): Alarm {
  return onFirstInFiveMinutes(scope, "ThrottlesAlarm", fn.metricThrottles(FIVE_MINUTES_SUM), props);
}
