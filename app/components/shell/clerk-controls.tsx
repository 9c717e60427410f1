"use client";

import { OrganizationSwitcher, UserButton } from "@clerk/nextjs";

/** Clerk mode's org switcher (with the personal scope) and user button. */
export function ClerkOrgSwitcher() {
  return (
    <OrganizationSwitcher
      hidePersonal={false}
      afterSelectOrganizationUrl="/milestones"
      afterSelectPersonalUrl="/milestones"
      appearance={{ elements: { organizationSwitcherTrigger: "max-w-56" } }}
    />
  );
}

export function ClerkUserButton() {
  return <UserButton />;
}
