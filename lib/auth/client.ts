'use client';

import { createAuthClient } from 'better-auth/react';

/** better-auth's client, talking to /api/auth on this origin. */
export const authClient = createAuthClient();
