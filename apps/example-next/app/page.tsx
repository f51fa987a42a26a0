import { ReportForm } from './report-form'

export default function Home() {
  return (
    <main>
      <h1>Reports</h1>
      <p>Submitting enqueues a durable job; a worker runs it through the signed job route.</p>
      <ReportForm />
    </main>
  )
}
