/** The stateful half of a stage: the table. Assembled here, defined by its construct. */
import { CfnOutput, Stack, type StackProps } from "aws-cdk-lib";
import type { Construct } from "constructs";
import { TABLE } from "../../core/table";
import type { WaypointConfig } from "../config";
import { WaypointTable } from "../constructs/waypoint-table";

export interface DataStackProps extends StackProps {
  config: WaypointConfig;
}

export class DataStack extends Stack {
  readonly table: WaypointTable;

  constructor(scope: Construct, id: string, props: DataStackProps) {
    super(scope, id, props);
    const { config } = props;
    this.table = new WaypointTable(this, "Table", {
      definition: TABLE,
      tableName: config.prefix,
      removalPolicy: config.removalPolicy,
    });
    new CfnOutput(this, "TableName", {
      description: "TABLE_NAME for npm run reconcile",
      value: this.table.table.tableName,
    });
  }
}
