/**
 * imsmanifest.xml for a SCORM 2004 4th Edition package: one organization, one item and one
 * SCO resource per lesson, and one shared asset resource with every other file.
 *
 * @example
 * scormManifest({ identifier: 'stacklab-veth', title: 'Stacklab', lessons: [{ id: 'veth-pairs', title: 'Veth pairs', href: 'lessons/veth-pairs/index.html' }], sharedFiles: ['scorm/stacklab-scorm.js'] })
 */
export interface ManifestLesson {
  id: string;
  title: string;
  /** The lesson page, relative to the package root. */
  href: string;
}

export interface ManifestInput {
  identifier: string;
  title: string;
  lessons: readonly ManifestLesson[];
  /** Every other file of the package (scripts, styles, the VM image), relative to its root. */
  sharedFiles: readonly string[];
}

export const SCORM_SCHEMA = 'ADL SCORM';
export const SCORM_SCHEMA_VERSION = '2004 4th Edition';

const xml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
/** An XML ID: a letter first, then letters, digits, '-', '_' or '.'. */
const xmlId = (text: string) => text.replace(/[^A-Za-z0-9_.-]/g, '_');
const SHARED_ID = 'stacklab-shared';

export function scormManifest(input: ManifestInput): string {
  const items = input.lessons.map((l) => `      <item identifier="item-${xmlId(l.id)}" identifierref="res-${xmlId(l.id)}">\n        <title>${xml(l.title)}</title>\n      </item>`);
  const scos = input.lessons.map(
    (l) =>
      `    <resource identifier="res-${xmlId(l.id)}" type="webcontent" adlcp:scormType="sco" href="${xml(l.href)}">\n      <file href="${xml(l.href)}"/>\n      <dependency identifierref="${SHARED_ID}"/>\n    </resource>`,
  );
  const shared = input.sharedFiles.map((f) => `      <file href="${xml(f)}"/>`);
  return `<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="${xmlId(input.identifier)}" version="1"
  xmlns="http://www.imsglobal.org/xsd/imscp_v1p1"
  xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_v1p3"
  xmlns:adlseq="http://www.adlnet.org/xsd/adlseq_v1p3"
  xmlns:adlnav="http://www.adlnet.org/xsd/adlnav_v1p3"
  xmlns:imsss="http://www.imsglobal.org/xsd/imsss"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
  xsi:schemaLocation="http://www.imsglobal.org/xsd/imscp_v1p1 imscp_v1p1.xsd http://www.adlnet.org/xsd/adlcp_v1p3 adlcp_v1p3.xsd http://www.adlnet.org/xsd/adlseq_v1p3 adlseq_v1p3.xsd http://www.adlnet.org/xsd/adlnav_v1p3 adlnav_v1p3.xsd http://www.imsglobal.org/xsd/imsss imsss_v1p0.xsd">
  <metadata>
    <schema>${SCORM_SCHEMA}</schema>
    <schemaversion>${SCORM_SCHEMA_VERSION}</schemaversion>
  </metadata>
  <organizations default="stacklab-org">
    <organization identifier="stacklab-org">
      <title>${xml(input.title)}</title>
${items.join('\n')}
    </organization>
  </organizations>
  <resources>
${scos.join('\n')}
    <resource identifier="${SHARED_ID}" type="webcontent" adlcp:scormType="asset">
${shared.join('\n')}
    </resource>
  </resources>
</manifest>
`;
}
