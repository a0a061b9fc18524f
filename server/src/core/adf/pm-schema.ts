/**
 * The ProseMirror schema of ADF, exactly as Atlassian's editor builds it
 * (`@atlaskit/adf-schema`, "final" stage, the counterpart of json-schema/v1/full.json).
 */
import { defaultSchema } from '@atlaskit/adf-schema/schema-default';

/** The official ADF ProseMirror schema (final stage). */
export const adfSchema = defaultSchema;

/** The schema's type, without naming the prosemirror-model copy it was built with. */
export type AdfSchema = typeof defaultSchema;
