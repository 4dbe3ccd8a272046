/** The context every deploy must give: infra/config.ts stops the synth without it (README "Deploy"). */
export const REQUIRED_CONTEXT = {
  sesSender: 'Shop Chat <no-reply@shop.example>',
  sellerInboxUrl: 'https://shop.example/seller/inbox',
};

/** An app's context for template tests: the required keys, esbuild bundling skipped (the bench measures bundles). */
export const testContext = (extra: Record<string, unknown> = {}) => ({ 'aws:cdk:bundling-stacks': [], ...REQUIRED_CONTEXT, ...extra });
