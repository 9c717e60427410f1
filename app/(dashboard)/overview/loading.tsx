export { PageSkeleton as default } from "@/app/components/shell/page-skeleton";
