/** Shapes shared by every route: the error body, ids, pagination, ISO timestamps. */
import { Type, type Static } from 'typebox';

export const ErrorBodySchema = Type.Object(
  {
    error: Type.Object({
      code: Type.String({ description: 'stable error code, e.g. CALLQA_NOT_FOUND' }),
      message: Type.String(),
      details: Type.Optional(Type.Array(Type.Object({ field: Type.String(), message: Type.String() }))),
      requestId: Type.Optional(Type.String()),
    }),
  },
  { title: 'ErrorBody', description: 'every error answer has this shape' },
);
export type ErrorBodyDto = Static<typeof ErrorBodySchema>;

/** Error answers every authenticated route may give. */
export const authErrors = {
  400: ErrorBodySchema,
  401: ErrorBodySchema,
  403: ErrorBodySchema,
  500: ErrorBodySchema,
  503: ErrorBodySchema,
} as const;

export const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);

export const IsoDateTime = Type.String({ format: 'date-time', description: 'ISO 8601 with offset' });

export const IdParamsSchema = Type.Object({ id: Type.String({ minLength: 1, maxLength: 200 }) });

export const PageQuery = {
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
  offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 })),
};

/** Page envelope: `total` counts every match of the filter, `items` is this page. */
export const pageOf = <T extends Parameters<typeof Type.Array>[0]>(item: T, title: string) =>
  Type.Object({ items: Type.Array(item), total: Type.Integer(), limit: Type.Integer(), offset: Type.Integer() }, { title });

export const SEVERITY_VALUES = ['minor', 'major', 'critical'] as const;
