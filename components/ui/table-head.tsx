/** The header row shared by the gallery's data tables; an empty label leaves an action column unnamed. */
export function TableHead({ columns, padding = "px-3" }: { columns: string[]; padding?: string }) {
  return (
    <thead className="bg-gray-50 text-gray-700">
      <tr>
        {columns.map((label, i) => (
          <th key={i} scope="col" className={`${padding} py-2 font-medium`}>
            {label}
          </th>
        ))}
      </tr>
    </thead>
  );
}
