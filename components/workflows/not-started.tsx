/** Why a run was not started, under the form that tried: one line per reason. */
export function NotStarted(props: { errors: readonly string[]; testId: string }) {
  if (props.errors.length === 0) return null;
  return (
    <div
      role="alert"
      data-testid={props.testId}
      className="rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-800"
    >
      <p className="font-medium">The run was not started.</p>
      <ul className="mt-1 list-disc pl-5">
        {props.errors.map((message) => (
          <li key={message}>{message}</li>
        ))}
      </ul>
    </div>
  );
}
