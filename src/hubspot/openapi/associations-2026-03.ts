/**
 * Written by hand: HubSpot publishes no spec file for `/crm/associations/2026-03/...` yet.
 * HubSpot documents its batch read with the same bodies as v4's
 * (`BatchInputPublicFetchAssociationsBatchRequest` in, `BatchResponsePublicAssociationMultiWithLabel`
 * out), so these follow v4's published schema, in the shape openapi-typescript generates, so
 * openapi-fetch treats this API like the generated ones. Replace with generated types when
 * HubSpot publishes the spec.
 */

export interface AssociationTypeWithLabel {
  category: 'HUBSPOT_DEFINED' | 'USER_DEFINED' | 'INTEGRATOR_DEFINED';
  typeId: number;
  label?: string | null;
}

export interface AssociationsOfOneObject {
  from: { id: string };
  to: { toObjectId: number | string; associationTypes: AssociationTypeWithLabel[] }[];
  /** Present when this object has more associations than one page holds (500). */
  paging?: { next?: { after: string; link?: string | null } };
}

export interface AssociationsBatchError {
  status: string;
  category: string;
  subCategory?: string;
  message: string;
  context?: Record<string, string[]>;
}

export interface AssociationsBatchResponse {
  status: 'CANCELED' | 'COMPLETE' | 'PENDING' | 'PROCESSING';
  results: AssociationsOfOneObject[];
  numErrors?: number;
  errors?: AssociationsBatchError[];
  requestedAt?: string;
  startedAt: string;
  completedAt: string;
  links?: Record<string, string>;
}

export interface AssociationsBatchReadRequest {
  /** `after`: the cursor of an object's previous page of associations. */
  inputs: { id: string; after?: string }[];
}

interface ErrorBody {
  category: string;
  correlationId: string;
  message: string;
  context?: Record<string, string[]>;
}

export interface paths {
  '/crm/associations/2026-03/{fromObjectType}/{toObjectType}/batch/read': {
    parameters: {
      query?: never;
      header?: never;
      path: { fromObjectType: string; toObjectType: string };
      cookie?: never;
    };
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: { fromObjectType: string; toObjectType: string };
        cookie?: never;
      };
      requestBody: { content: { 'application/json': AssociationsBatchReadRequest } };
      responses: {
        200: {
          headers: { [name: string]: unknown };
          content: { 'application/json': AssociationsBatchResponse };
        };
        207: {
          headers: { [name: string]: unknown };
          content: { 'application/json': AssociationsBatchResponse };
        };
        default: { headers: { [name: string]: unknown }; content: { '*/*': ErrorBody } };
      };
    };
  };
}
