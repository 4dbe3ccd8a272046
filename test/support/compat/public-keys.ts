/** X-PUBLIC-KEY → tenant of the test stack, for compatibility dialect 004 (COMPAT_PUBLIC_KEYS). */
export const PLATFORM = { key: 'pk-test-platform', tenant: 'compat-pk' };
export const OTHER_PLATFORM = { key: 'pk-test-other-platform', tenant: 'compat-pk-other' };
export const COMPAT_PUBLIC_KEYS = { [PLATFORM.key]: PLATFORM.tenant, [OTHER_PLATFORM.key]: OTHER_PLATFORM.tenant };
