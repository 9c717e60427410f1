import { Badge } from "@/app/components/ui/badge";

/** "org:admin" → Admin, "org:member" → Member, a custom "org:billing" → billing. */
export function roleLabel(role: string): string {
  if (role === "org:admin") return "Admin";
  if (role === "org:member") return "Member";
  return role.replace(/^org:/, "");
}

export function RoleBadge({ role }: { role: string }) {
  return <Badge variant={role === "org:admin" ? "default" : "secondary"}>{roleLabel(role)}</Badge>;
}
