import type { Metadata } from "next";
import { PackagePage, packageMetadata, type PackageParams } from "../package-page";

type Props = { params: PackageParams };

export function generateMetadata({ params }: Props): Promise<Metadata> {
  return packageMetadata(params);
}

export default function Page({ params }: Props) {
  return <PackagePage params={params} />;
}
