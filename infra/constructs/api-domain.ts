import { DomainName, EndpointType, SecurityPolicy } from 'aws-cdk-lib/aws-apigatewayv2';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import type { Construct } from 'constructs';
import type { CustomDomain } from '#infra/config';

/**
 * A regional custom domain for an API Gateway v2 API (HTTP or WebSocket), TLS 1.2+, with an existing ACM
 * certificate of the stack's region. DNS stays with the operator: point a CNAME (or alias) at
 * `regionalDomainName`, which the stack outputs.
 */
export const apiDomainName = (scope: Construct, id: string, domain: CustomDomain) =>
  new DomainName(scope, id, {
    domainName: domain.domainName,
    certificate: Certificate.fromCertificateArn(scope, `${id}Certificate`, domain.certificateArn),
    endpointType: EndpointType.REGIONAL,
    securityPolicy: SecurityPolicy.TLS_1_2,
  });
