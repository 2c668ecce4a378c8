'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTRPC } from '@/lib/trpc/react';
import { ROLES, ZRoleSchema } from '@/server/auth/roles';

/** Every user with a role picker; a change is saved at once, and refused changes say why. */
export function UsersTable({ currentUserId }: { currentUserId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const users = useQuery(trpc.user.list.queryOptions());
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const setRole = useMutation(
    trpc.user.setRole.mutationOptions({
      onSuccess: (result, variables) => {
        const user = users.data?.find((candidate) => candidate.id === variables.userId);
        setMessage({ kind: 'ok', text: `${user?.email ?? 'The user'} is now ${result.role}.` });
      },
      onError: (error) => setMessage({ kind: 'error', text: error.message }),
      onSettled: () => queryClient.invalidateQueries({ queryKey: trpc.user.list.queryKey() }),
    }),
  );

  return (
    <div className="space-y-4">
      {message ? (
        <p
          role={message.kind === 'error' ? 'alert' : 'status'}
          className={message.kind === 'error' ? 'text-sm text-red-700' : 'text-sm text-emerald-700'}
        >
          {message.text}
        </p>
      ) : null}
      <table className="w-full overflow-hidden rounded-lg border border-slate-200 bg-white text-sm">
        <thead className="bg-slate-50 text-left text-slate-600">
          <tr>
            <th className="px-4 py-2 font-medium">Name</th>
            <th className="px-4 py-2 font-medium">Email</th>
            <th className="px-4 py-2 font-medium">Role</th>
          </tr>
        </thead>
        <tbody>
          {(users.data ?? []).map((user) => (
            <tr key={user.id} className="border-t border-slate-100">
              <td className="px-4 py-2 text-slate-900">
                {user.name}
                {user.id === currentUserId ? (
                  <span className="ml-2 text-xs text-slate-500">(you)</span>
                ) : null}
              </td>
              <td className="px-4 py-2 text-slate-700">{user.email}</td>
              <td className="px-4 py-2">
                <label className="sr-only" htmlFor={`role-${user.id}`}>
                  Role of {user.email}
                </label>
                <select
                  id={`role-${user.id}`}
                  value={user.role}
                  disabled={setRole.isPending}
                  onChange={(event) =>
                    setRole.mutate({ userId: user.id, role: ZRoleSchema.parse(event.target.value) })
                  }
                  className="rounded-md border border-slate-300 px-2 py-1"
                >
                  {ROLES.map((role) => (
                    <option key={role} value={role}>
                      {role}
                    </option>
                  ))}
                </select>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
