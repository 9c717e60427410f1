/** The GraphQL documents the dashboard sends, built from fragments (api/schema.graphql). */

const MILESTONE_FIELDS = /* GraphQL */ `
  fragment MilestoneFields on Milestone {
    id
    scope
    orgId
    ownerId
    owner {
      id
      name
      imageUrl
    }
    title
    description
    status
    dueDate
    createdAt
    updatedAt
    version
  }
`;

export const ME = /* GraphQL */ `
  query Me {
    me {
      userId
      firstName
      lastName
      email
      imageUrl
      scope
      orgId
      orgSlug
      role
      permissions
    }
  }
`;

export const MILESTONES = /* GraphQL */ `
  query Milestones(
    $filter: MilestoneFilter
    $sort: MilestoneSort
    $limit: Int
    $nextToken: String
  ) {
    milestones(filter: $filter, sort: $sort, limit: $limit, nextToken: $nextToken) {
      items {
        ...MilestoneFields
      }
      nextToken
    }
  }
  ${MILESTONE_FIELDS}
`;

export const MILESTONE = /* GraphQL */ `
  query Milestone($id: ID!) {
    milestone(id: $id) {
      ...MilestoneFields
    }
  }
  ${MILESTONE_FIELDS}
`;

export const CREATE_MILESTONE = /* GraphQL */ `
  mutation CreateMilestone($input: CreateMilestoneInput!) {
    createMilestone(input: $input) {
      ...MilestoneFields
    }
  }
  ${MILESTONE_FIELDS}
`;

export const UPDATE_MILESTONE = /* GraphQL */ `
  mutation UpdateMilestone($id: ID!, $expectedVersion: Int!, $input: UpdateMilestoneInput!) {
    updateMilestone(id: $id, expectedVersion: $expectedVersion, input: $input) {
      ...MilestoneFields
    }
  }
  ${MILESTONE_FIELDS}
`;

export const DELETE_MILESTONE = /* GraphQL */ `
  mutation DeleteMilestone($id: ID!, $expectedVersion: Int!) {
    deleteMilestone(id: $id, expectedVersion: $expectedVersion) {
      ...MilestoneFields
    }
  }
  ${MILESTONE_FIELDS}
`;

export const DELETE_MILESTONES = /* GraphQL */ `
  mutation DeleteMilestones($ids: [ID!]!) {
    deleteMilestones(ids: $ids) {
      id
      deleted
      errorType
      message
    }
  }
`;

export const ORG_MEMBERS = /* GraphQL */ `
  query OrgMembers($limit: Int, $nextToken: String) {
    orgMembers(limit: $limit, nextToken: $nextToken) {
      items {
        userId
        role
        firstName
        lastName
        imageUrl
        updatedAt
      }
      nextToken
    }
  }
`;

export const AUDIT_LOG = /* GraphQL */ `
  query AuditLog($limit: Int, $nextToken: String) {
    auditLog(limit: $limit, nextToken: $nextToken) {
      items {
        id
        at
        actorId
        actorRole
        impersonatorId
        action
        targetType
        targetId
        before
        after
      }
      nextToken
    }
  }
`;

export const SYNC_EVENTS = /* GraphQL */ `
  query SyncEvents($limit: Int, $nextToken: String) {
    syncEvents(limit: $limit, nextToken: $nextToken) {
      items {
        id
        type
        objectId
        outcome
        reason
        receivedAt
      }
      nextToken
    }
  }
`;

export const ORG_INVITATIONS = /* GraphQL */ `
  query OrgInvitations($limit: Int, $nextToken: String) {
    orgInvitations(limit: $limit, nextToken: $nextToken) {
      items {
        id
        emailAddress
        role
        createdAt
        updatedAt
      }
      nextToken
    }
  }
`;

export const RECORD_MEMBER_CHANGE = /* GraphQL */ `
  mutation RecordMemberChange($input: MemberChangeInput!) {
    recordMemberChange(input: $input) {
      id
      action
      targetType
      targetId
    }
  }
`;

export const MILESTONE_STATS = /* GraphQL */ `
  query MilestoneStats {
    milestoneStats {
      counts {
        status
        count
      }
      total
    }
  }
`;

export const UPDATE_MILESTONES = /* GraphQL */ `
  mutation UpdateMilestones($items: [BulkMilestoneRef!]!, $input: BulkUpdateMilestonesInput!) {
    updateMilestones(items: $items, input: $input) {
      id
      updated
      version
      errorType
      message
    }
  }
`;

const SAVED_VIEW_FIELDS = /* GraphQL */ `
  fragment SavedViewFields on SavedView {
    id
    name
    state
    ownerId
    shared
  }
`;

export const SAVED_VIEWS = /* GraphQL */ `
  query SavedViews {
    savedViews {
      ...SavedViewFields
    }
  }
  ${SAVED_VIEW_FIELDS}
`;

export const SAVE_VIEW = /* GraphQL */ `
  mutation SaveView($input: SaveViewInput!) {
    saveView(input: $input) {
      ...SavedViewFields
    }
  }
  ${SAVED_VIEW_FIELDS}
`;

export const DELETE_VIEW = /* GraphQL */ `
  mutation DeleteView($id: ID!) {
    deleteView(id: $id) {
      ...SavedViewFields
    }
  }
  ${SAVED_VIEW_FIELDS}
`;

export const SHARE_VIEW = /* GraphQL */ `
  mutation ShareView($id: ID!, $shared: Boolean!) {
    shareView(id: $id, shared: $shared) {
      ...SavedViewFields
    }
  }
  ${SAVED_VIEW_FIELDS}
`;
