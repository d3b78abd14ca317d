// GET /lookup: the public register lookup (exact match on every given field).
import { Router } from 'express';
import { z } from 'zod';
import { ApiError } from '../errors/problem';
import { endpoint } from '../http/openapi-registry';
import { commonErrors, json, lookupQuery } from '../http/schemas';
import type { GatewayContext } from '../services/context';
import { lookupDiplomas, type LookupQuery } from '../services/lookup';

export function lookupRouter(ctx: GatewayContext): Router {
  const r = Router();
  r.get('/lookup', endpoint({
    method: 'get', path: '/lookup', tag: 'Verification',
    query: lookupQuery,
    summary: 'Public lookup: serialNumber or registerNumber, and fullName or dateOfBirth; all given fields must match exactly',
    responses: { 200: json('Published fields of the matching diplomas', z.object({ results: z.array(z.object({}).passthrough()) })), ...commonErrors },
  }), async (req, res) => {
    const q = req.valid?.query as LookupQuery;
    // Two independent facts are needed, so the lookup cannot be used to enumerate the register.
    if (!(q.serialNumber || q.registerNumber) || !(q.fullName || q.dateOfBirth)) {
      throw new ApiError(400, 'VALIDATION_FAILED', 'Give serialNumber or registerNumber, and fullName or dateOfBirth', [
        { field: q.serialNumber || q.registerNumber ? 'fullName' : 'serialNumber', message: 'required' },
      ]);
    }
    res.json({ results: await lookupDiplomas(ctx, q) });
  });
  return r;
}
