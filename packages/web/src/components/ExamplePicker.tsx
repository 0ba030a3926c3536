import { EXAMPLES } from "../examples";
import { useEditorStore } from "../store/editor";

const groups = [...new Set(EXAMPLES.map((example) => example.group))];

/** Starter programs: picking one puts its code, input and tests in place (Ctrl+Z in the editor undoes it). */
export function ExamplePicker() {
  const load = useEditorStore((state) => state.load);
  return (
    <label className="examples">
      <span className="sr-only">Load a starter example</span>
      <select
        value=""
        data-testid="examples"
        onChange={(event) => {
          const example = EXAMPLES.find((candidate) => candidate.id === event.target.value);
          if (example) load(example);
        }}
      >
        <option value="" disabled>
          Examples…
        </option>
        {groups.map((group) => (
          <optgroup key={group} label={group}>
            {EXAMPLES.filter((example) => example.group === group).map((example) => (
              <option key={example.id} value={example.id}>
                {example.title}
              </option>
            ))}
          </optgroup>
        ))}
      </select>
    </label>
  );
}
