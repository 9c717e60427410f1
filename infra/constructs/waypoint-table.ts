/**
 * The one DynamoDB table, built from core's definition (core/table.ts): keys, GSIs and the
 * TTL attribute and the stream come from there and nowhere else. On-demand, point-in-time recovery,
 * encrypted with the AWS-managed KMS key; deletion protection and RETAIN in prod.
 *
 * Access is granted per need, never "read/write data": `grant` names the item actions on the
 * table and, separately, the Query on the indexes a caller actually reads.
 */
import { RemovalPolicy } from "aws-cdk-lib";
import {
  AttributeType,
  BillingMode,
  ProjectionType,
  StreamViewType,
  Table,
  TableEncryption,
  type Attribute,
} from "aws-cdk-lib/aws-dynamodb";
import { PolicyStatement, type IGrantable } from "aws-cdk-lib/aws-iam";
import { Construct } from "constructs";
import type { IndexName, KeyAttribute, TableDefinition } from "../../core/table";

export interface WaypointTableProps {
  /** core's TABLE. */
  definition: TableDefinition;
  tableName: string;
  /** RETAIN (prod) also turns deletion protection on. */
  removalPolicy: RemovalPolicy;
}

/** The DynamoDB actions on items; Query is granted with the indexes it reads. */
export type ItemAction =
  | "dynamodb:GetItem"
  | "dynamodb:BatchGetItem"
  | "dynamodb:PutItem"
  | "dynamodb:UpdateItem"
  | "dynamodb:DeleteItem"
  | "dynamodb:ConditionCheckItem"
  | "dynamodb:BatchWriteItem"
  | "dynamodb:Query";

export interface TableAccess {
  /** Actions on the table's items (ARN of the table only). */
  actions: readonly ItemAction[];
  /** Indexes the grantee queries: `dynamodb:Query` on exactly these index ARNs. */
  queryIndexes: readonly IndexName[] | readonly string[];
}

const attribute = (key: KeyAttribute): Attribute => ({
  name: key.name,
  type: key.type === "S" ? AttributeType.STRING : AttributeType.NUMBER,
});

export class WaypointTable extends Construct {
  readonly table: Table;
  /** core's GSIs, by name. */
  readonly indexNames: readonly string[];

  constructor(scope: Construct, id: string, props: WaypointTableProps) {
    super(scope, id);
    const { definition } = props;
    if (definition.billingMode !== "PAY_PER_REQUEST") throw new Error("expected on-demand");
    this.table = new Table(this, "Table", {
      tableName: props.tableName,
      partitionKey: attribute(definition.partitionKey),
      sortKey: attribute(definition.sortKey),
      billingMode: BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: TableEncryption.AWS_MANAGED,
      timeToLiveAttribute: definition.timeToLiveAttribute,
      // The cleanup's event source (infra/constructs/cleanup.ts) reads it.
      stream: StreamViewType[definition.streamViewType],
      deletionProtection: props.removalPolicy === RemovalPolicy.RETAIN,
      removalPolicy: props.removalPolicy,
    });
    this.indexNames = definition.globalSecondaryIndexes.map((index) => index.indexName);
    for (const index of definition.globalSecondaryIndexes) {
      this.table.addGlobalSecondaryIndex({
        indexName: index.indexName,
        partitionKey: attribute(index.partitionKey),
        sortKey: attribute(index.sortKey),
        projectionType: ProjectionType[index.projection],
      });
    }
  }

  /** Grants exactly `access`: item actions on the table, Query on the named indexes. */
  grant(grantee: IGrantable, access: TableAccess): void {
    if (access.actions.length > 0) {
      grantee.grantPrincipal.addToPrincipalPolicy(
        new PolicyStatement({
          actions: [...access.actions],
          resources: [this.table.tableArn],
        }),
      );
    }
    const unknown = access.queryIndexes.filter((name) => !this.indexNames.includes(name));
    if (unknown.length > 0) throw new Error(`no such index: ${unknown.join(", ")}`);
    if (access.queryIndexes.length > 0) {
      grantee.grantPrincipal.addToPrincipalPolicy(
        new PolicyStatement({
          actions: ["dynamodb:Query"],
          resources: access.queryIndexes.map((name) => `${this.table.tableArn}/index/${name}`),
        }),
      );
    }
  }
}
