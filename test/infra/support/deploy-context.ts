/** The context every real deploy gives: without it infra/config.ts uses placeholders and warns (README "Deploy"). */
export const REQUIRED_CONTEXT = {
  sesSender: 'Shop Chat <no-reply@shop.example>',
  sellerInboxUrl: 'https://shop.example/seller/inbox',
};

/** An app's context for template tests: the required keys, esbuild bundling skipped (the bench measures bundles). */
export const testContext = (extra: Record<string, unknown> = {}) => ({
  'aws:cdk:bundling-stacks': [],
  ...REQUIRED_CONTEXT,
  ...extra,
});
