/** How cdk-nag names a resolved ARN in a finding id (`<AWS::Region>`, `<LogicalId>`), to acknowledge exactly that finding. */
export const nagRendering = (resolved: unknown): string => {
  if (typeof resolved === 'string') return resolved;
  const value = resolved as {
    'Fn::Join'?: [string, unknown[]];
    'Fn::Sub'?: string;
    Ref?: string;
    'Fn::GetAtt'?: string[];
  };
  if (value['Fn::Join']) return value['Fn::Join'][1].map(nagRendering).join(value['Fn::Join'][0]);
  if (typeof value['Fn::Sub'] === 'string') return value['Fn::Sub'].replace(/\$\{([^}]+)\}/g, '<$1>');
  if (value.Ref) return `<${value.Ref}>`;
  if (value['Fn::GetAtt']) return `<${value['Fn::GetAtt'].join('.')}>`;
  return JSON.stringify(resolved);
};
