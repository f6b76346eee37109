/**
 * Encodes any string for use as a PartitionKey or RowKey.
 *
 * @remarks Table keys forbid `/`, `\`, `#`, `?` and control characters; Teams conversation ids
 * contain several of them. Base64url keeps keys reversible and sortable within one prefix.
 */
export const encodeKey = (value: string): string => Buffer.from(value, 'utf8').toString('base64url');

/** The inverse of {@link encodeKey}. */
export const decodeKey = (key: string): string => Buffer.from(key, 'base64url').toString('utf8');
