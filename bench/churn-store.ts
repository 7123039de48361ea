/** The churn model on the demo store: not built yet (issue 10, step 2). */
export async function benchChurnStore(): Promise<void> {
  console.log("demo store: training and scoring on the store are not in this build yet");
}
