import type { APIGatewayProxyEventV2 } from 'aws-lambda';

export interface PageInfo {
  number: number;
  size: number;
  total: number;
}

/** The absolute URL of the route, as Laravel's paginator puts it in `links` and `meta.path`. */
export const requestPath = (event: APIGatewayProxyEventV2) =>
  `${event.headers?.['x-forwarded-proto'] ?? 'https'}://${event.requestContext.domainName}${event.rawPath}`;

/** A paginated resource collection: `{ data, links, meta }` as Laravel's LengthAwarePaginator serializes it. */
export const paginated = <T>(data: T[], page: PageInfo, path: string) => {
  const last = Math.max(1, Math.ceil(page.total / page.size));
  const url = (n: number) => `${path}?page=${n}`;
  const from = (page.number - 1) * page.size + 1;
  return {
    data,
    links: {
      first: url(1),
      last: url(last),
      prev: page.number > 1 ? url(page.number - 1) : null,
      next: page.number < last ? url(page.number + 1) : null,
    },
    meta: {
      current_page: page.number,
      from: data.length > 0 ? from : null,
      last_page: last,
      path,
      per_page: page.size,
      to: data.length > 0 ? from + data.length - 1 : null,
      total: page.total,
    },
  };
};
