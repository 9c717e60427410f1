import { SearchXIcon } from "lucide-react";
import Link from "next/link";
import { StatePanel } from "@/app/components/shell/page-states";
import { Button } from "@/app/components/ui/button";

/** An id that does not exist in the active scope (deleted, mistyped, or another tenant's). */
export default function MilestoneNotFound() {
  return (
    <StatePanel icon={<SearchXIcon aria-hidden />} title="Milestone not found" role="alert">
      <p>
        It may have been deleted, or it belongs to another organization. Switch organization if you
        expected to see it here.
      </p>
      <div>
        <Button asChild variant="outline">
          <Link href="/milestones">Back to milestones</Link>
        </Button>
      </div>
    </StatePanel>
  );
}
