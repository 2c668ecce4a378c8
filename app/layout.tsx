import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { AppHeader } from '@/components/app-header';
import { TRPCReactProvider } from '@/lib/trpc/react';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Steward', template: '%s · Steward' },
  description:
    'An AI execution engine for enterprise operations: a model plans, deterministic code executes, people review the risky cases.',
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen">
        <TRPCReactProvider>
          <AppHeader />
          <main className="mx-auto max-w-console px-6 py-10">{children}</main>
        </TRPCReactProvider>
      </body>
    </html>
  );
}
