/**
 * The Waypoint API as data: the schema and every resolver, each a pipeline that starts with
 * the authorize function. The CDK stack and the local AppSync runtime (`npm run dev`) read
 * this one definition; `TABLE_NAME` is set by whoever deploys or serves it.
 */
import { fileURLToPath } from "node:url";
import type { ApiDefinition, FunctionDefinition } from "./resolver-map";

const file = (path: string) => fileURLToPath(new URL(path, import.meta.url));
const code = (name: string) => file(`./resolvers/${name}`);
const fn = (name: string, path: string): FunctionDefinition => ({
  name,
  dataSource: "table",
  code: code(path),
});

const authorize = fn("authorize", "functions/authorize.table.ts");
const loadMilestone = fn("loadMilestone", "functions/load-milestone.table.ts");
const attachOwners = fn("attachOwners", "functions/attach-owners.table.ts");
const loadView = fn("loadView", "functions/load-view.table.ts");
const PIPELINE = code("functions/pipeline.ts");

const pipeline = (
  typeName: "Query" | "Mutation",
  fieldName: string,
  functions: FunctionDefinition[],
) => ({ typeName, fieldName, kind: "PIPELINE" as const, functions, code: PIPELINE });

export const api: ApiDefinition = {
  schemaFile: file("./schema.graphql"),
  dataSources: { table: { kind: "AMAZON_DYNAMODB" }, none: { kind: "NONE" } },
  resolvers: [
    pipeline("Query", "me", [authorize, fn("me", "Query.me.table.ts")]),
    pipeline("Query", "orgMembers", [
      authorize,
      fn("listOrgMembers", "Query.orgMembers.table.ts"),
      fn("attachMemberProfiles", "functions/attach-member-profiles.table.ts"),
    ]),
    pipeline("Query", "orgInvitations", [
      authorize,
      fn("listOrgInvitations", "Query.orgInvitations.table.ts"),
    ]),
    pipeline("Query", "auditLog", [authorize, fn("listAuditLog", "Query.auditLog.table.ts")]),
    pipeline("Query", "syncEvents", [authorize, fn("listSyncEvents", "Query.syncEvents.table.ts")]),
    pipeline("Query", "milestone", [authorize, loadMilestone, attachOwners]),
    pipeline("Query", "milestones", [
      authorize,
      fn("listMilestones", "Query.milestones.table.ts"),
      attachOwners,
    ]),
    pipeline("Mutation", "createMilestone", [
      authorize,
      fn("createMilestone", "Mutation.createMilestone.table.ts"),
      attachOwners,
    ]),
    pipeline("Mutation", "updateMilestone", [
      authorize,
      loadMilestone,
      fn("updateMilestone", "Mutation.updateMilestone.table.ts"),
      attachOwners,
    ]),
    pipeline("Mutation", "deleteMilestone", [
      authorize,
      loadMilestone,
      fn("deleteMilestone", "Mutation.deleteMilestone.table.ts"),
      attachOwners,
    ]),
    pipeline("Mutation", "recordMemberChange", [
      authorize,
      fn("recordMemberChange", "Mutation.recordMemberChange.table.ts"),
    ]),
    pipeline("Mutation", "deleteMilestones", [
      authorize,
      fn("readMilestonesToDelete", "Mutation.deleteMilestones.table.ts"),
      fn("deleteMilestones", "functions/delete-milestones.table.ts"),
    ]),
    pipeline("Query", "milestoneStats", [
      authorize,
      fn("milestoneStats", "Query.milestoneStats.table.ts"),
    ]),
    pipeline("Mutation", "updateMilestones", [
      authorize,
      fn("checkBulkUpdate", "functions/check-bulk-update.table.ts"),
      fn("readMilestonesToUpdate", "Mutation.updateMilestones.table.ts"),
      fn("updateMilestones", "functions/update-milestones.table.ts"),
    ]),

    pipeline("Query", "savedViews", [
      authorize,
      fn("listMyViews", "Query.savedViews.table.ts"),
      fn("listSharedViews", "functions/list-shared-views.table.ts"),
    ]),
    pipeline("Mutation", "saveView", [authorize, fn("saveView", "Mutation.saveView.table.ts")]),
    pipeline("Mutation", "deleteView", [
      authorize,
      loadView,
      fn("deleteView", "Mutation.deleteView.table.ts"),
    ]),
    pipeline("Mutation", "shareView", [
      authorize,
      loadView,
      fn("shareView", "Mutation.shareView.table.ts"),
    ]),
    // Live updates (docs/live-updates.md): the subscription's own code sets its filter after
    // authorize settled the caller; the two internal mutations are IAM-only in the schema.
    {
      typeName: "Subscription",
      fieldName: "onMilestoneChanged",
      kind: "PIPELINE",
      functions: [authorize],
      code: code("Subscription.onMilestoneChanged.table.ts"),
    },
    {
      typeName: "Mutation",
      fieldName: "publishMilestoneChange",
      kind: "UNIT",
      dataSource: "none",
      code: code("Mutation.publishMilestoneChange.table.ts"),
    },
    {
      typeName: "Mutation",
      fieldName: "invalidateMemberSubscriptions",
      kind: "UNIT",
      dataSource: "none",
      code: code("Mutation.invalidateMemberSubscriptions.table.ts"),
    },
  ],
};
