/** Where alarms go: an SNS topic when the stage names one, otherwise the console only. */
import type { Alarm } from "aws-cdk-lib/aws-cloudwatch";
import { SnsAction } from "aws-cdk-lib/aws-cloudwatch-actions";
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
