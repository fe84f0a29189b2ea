// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC4626} from "@openzeppelin/contracts/interfaces/IERC4626.sol";
import {OracleReport} from "../types/OracleReport.sol";
import {IOracleReportReceiver} from "./IOracleReportReceiver.sol";

/// @title ITrETH
/// @notice Hub trETH: a non-rebasing share of the staked ETH pool, and the pool itself. Takes ETH
///         (`depositETH`) and WETH (ERC-4626, asset = WETH), stakes 32 ETH per validator through
///         the node operator registry, and moves its rate (ETH per 1e18 trETH) only on oracle
///         reports. Pooled ETH is tracked in storage, never read from balances, so a donation
///         cannot move the rate.
interface ITrETH is IERC4626, IOracleReportReceiver {
    event Deposited(address indexed sender, address indexed receiver, uint256 assets, uint256 shares);
    event ValidatorsDeposited(uint256 count, uint256 bufferedEther);
    event OracleReportHandled(
        uint256 indexed refSlot,
        uint256 preTotalPooledEther,
        uint256 postTotalPooledEther,
        uint256 totalShares,
        uint256 rewards,
        uint256 losses,
        uint256 feeShares
    );
    /// @notice Requests up to `upToRequestId` were finalized: `ethLocked` moved to the queue, the
    ///         queued shares worth it were burned and the rest (`sharesDeferred`: requests priced
    ///         below today's rate) joined the deferred shares.
    event WithdrawalsFinalized(
        uint256 indexed upToRequestId, uint256 ethLocked, uint256 sharesBurned, uint256 sharesDeferred
    );
    /// @notice A report deferred `added` shares (its rise beyond the limit) or burned `released` of
    ///         those deferred earlier; `deferredShares` remain.
    event DeferredSharesChanged(uint256 added, uint256 released, uint256 deferredShares);
    event InstantExitFeeSet(uint16 feeBps);
    event DepositsPaused(address indexed by);
    event DepositsResumed(address indexed by);
    event FeeSet(uint16 feeBps, uint16 treasuryShareBps, address treasury);
    /// @notice The protocol fee of one report, minted as shares.
    event FeeDistributed(uint256 treasuryShares, uint256 operatorShares);
    event InstantWithdrawalsPaused(address indexed by);
    event InstantWithdrawalsResumed(address indexed by);
    event InstantWithdrawalsPausedUntilReport(address indexed by);
    /// @notice The report for `refSlot` lifted the until-report pause (the guardian's pause, if any, stays).
    event InstantWithdrawalsPauseLiftedByReport(uint256 refSlot);
    event OracleSet(address indexed oracle);
    event WithdrawalQueueSet(address indexed withdrawalQueue);
    event SanityCheckerSet(address indexed sanityChecker);
    event BackingLedgerSet(address indexed backingLedger);
    /// @notice Spoke batch ETH was counted as pooled (`landed` in the buffer, `inTransit` not yet)
    ///         and `shares` minted to the ledger.
    event BatchCredited(uint256 landed, uint256 inTransit, uint256 shares);
    /// @notice In-transit ETH landed (`landed`) or never will (`writtenOff`, with `sharesBurned` of
    ///         the ledger's shares; fewer than it was worth means the rate fell).
    event BatchSettled(uint256 landed, uint256 writtenOff, uint256 sharesBurned);
    /// @notice A late batch's shortfall was backed with `fromDeferred` of the pool's deferred shares
    ///         (the rate stays) and `minted` new shares (the rate falls by that dilution).
    event BatchShortfallCovered(uint256 fromDeferred, uint256 minted);

    error TrETH_ZeroDeposit();
    error TrETH_ZeroReceiver();
    error TrETH_InsufficientShares(uint256 shares, uint256 minShares);
    error TrETH_DepositsPaused();
    error TrETH_NotOracle(address caller);
    error TrETH_NotEnoughBuffered(uint256 buffered, uint256 required);
    error TrETH_NoKeysAvailable();
    error TrETH_FeeTooHigh(uint16 feeBps, uint16 maxFeeBps);
    error TrETH_InsufficientLiquidity(uint256 requested, uint256 available);
    error TrETH_SeedTooSmall(uint256 seed, uint256 minimum);
    error TrETH_WithdrawalsPaused();
    error TrETH_ZeroAddress();
    error TrETH_UnexpectedEther(address sender);
    error TrETH_SanityCheckerNotSet();
    error TrETH_InvalidTreasuryShare(uint16 treasuryShareBps);
    /// @notice The report's validator counts do not fit the pool's (beacon validators below the
    ///         last report or above the deposited count, or more exited than appeared).
    error TrETH_InvalidValidatorCounts(uint256 beaconValidators, uint256 exitedValidators);
    /// @notice The report's reference slot is not after the last applied one.
    error TrETH_StaleRefSlot(uint256 refSlot, uint256 lastRefSlot);
    error TrETH_InvalidSecondsPerSlot();
    error TrETH_NotBackingLedger(address caller);
    error TrETH_InvalidSettlement(uint256 landed, uint256 settled, uint256 inTransit);
    /// @notice Instant exits are closed while the report for `refSlot` is due and not applied.
    error TrETH_ReportPending(uint256 refSlot);
    error TrETH_InvalidInstantExitFee(uint16 feeBps, uint16 maxFeeBps);
    /// @notice The current queue still has `openRequests` unfinalized requests that only it can pay.
    error TrETH_QueueHasOpenRequests(address queue, uint256 openRequests);
    /// @notice The current ledger still has in-transit ETH that only it can settle.
    error TrETH_LedgerHasInTransit(uint256 inTransit);

    /// @notice Deposits `msg.value` ETH and mints shares to `receiver` at the current rate.
    /// @dev Requirements: deposits not paused, `msg.value > 0`, `receiver != 0`, shares `>= minShares`.
    ///      Emits {Deposited}.
    function depositETH(address receiver, uint256 minShares) external payable returns (uint256 shares);

    /// @notice ETH value of 1e18 trETH, with 18 decimals.
    function getRate() external view returns (uint256);

    /// @notice All ETH the pool accounts for: buffered + on the beacon chain + deposited but not yet seen there.
    function totalPooledEther() external view returns (uint256);

    /// @notice ETH held by the pool, not yet staked nor set aside for withdrawals.
    function bufferedEther() external view returns (uint256);

    /// @notice Validator counters and the beacon balance from the last report.
    function beaconStats()
        external
        view
        returns (uint256 depositedValidators, uint256 beaconValidators, uint256 exitedValidators, uint256 beaconBalance);

    /// @notice Time of the last applied oracle report (deployment time before the first).
    function lastReportTime() external view returns (uint256);

    /// @notice Stakes up to `maxValidators` x 32 ETH of the buffer with registry keys. Keeper only.
    /// @dev Keeps the ETH that unfinalized withdrawal requests need in the buffer. Emits {ValidatorsDeposited}.
    function depositBufferedEther(uint256 maxValidators) external returns (uint256 deposited);

    /// @notice ETH that instant ERC-4626 withdrawals and staking may use now: the buffer minus what
    ///         unfinalized withdrawal requests need at the current rate.
    function availableLiquidity() external view returns (uint256);

    /// @notice 0x01 ++ 11 zero bytes ++ withdrawal vault address: every validator's credentials.
    function withdrawalCredentials() external view returns (bytes32);

    /// @notice Whether deposits (ETH and ERC-4626) and instant withdrawals are paused;
    ///         `instantWithdrawalsPaused` is set by either withdrawal pause.
    function paused() external view returns (bool depositsPaused, bool instantWithdrawalsPaused);

    /// @notice Protocol fee (bps of rewards), the treasury's part of it (bps of the fee) and the treasury.
    function feeConfig() external view returns (uint16 feeBps, uint16 treasuryShareBps, address treasury);

    /// @notice Stops `depositETH`, `deposit` and `mint`. Pauser only. Emits {DepositsPaused}.
    function pauseDeposits() external;

    /// @notice Admin only (the timelock): a pauser cannot undo a pause. Emits {DepositsResumed}.
    function resumeDeposits() external;

    /// @notice Stops instant ERC-4626 `withdraw` and `redeem` (the queue pauses its own requests)
    ///         until the admin resumes them. Pauser only. Emits {InstantWithdrawalsPaused}.
    function pauseInstantWithdrawals() external;

    /// @notice Stops instant `withdraw` and `redeem` until an oracle report whose reference slot is
    ///         after the oracle's current one at the pause (a report that can carry the loss; an older
    ///         one would reopen exits at the pre-loss rate), which lifts this pause only: for a beacon
    ///         loss the oracle has not reported yet. Pauser only.
    ///         Emits {InstantWithdrawalsPausedUntilReport}; the lifting report emits
    ///         {InstantWithdrawalsPauseLiftedByReport}.
    function pauseInstantWithdrawalsUntilReport() external;

    /// @notice Lifts both instant-withdrawal pauses. Admin only (the timelock). Emits {InstantWithdrawalsResumed}.
    function resumeInstantWithdrawals() external;

    /// @notice The only caller of `handleOracleReport`. Admin only. Emits {OracleSet}.
    function setOracle(address oracle) external;

    /// @notice Admin only. Reverts with {TrETH_QueueHasOpenRequests} while the current queue has
    ///         unfinalized requests. Emits {WithdrawalQueueSet}.
    function setWithdrawalQueue(address withdrawalQueue) external;

    /// @notice Admin only. Emits {SanityCheckerSet}.
    function setSanityChecker(address sanityChecker) external;

    /// @notice Admin only; `feeBps <= MAX_FEE_BPS`, `treasuryShareBps <= 10_000`. Emits {FeeSet}.
    function setFee(uint16 feeBps, uint16 treasuryShareBps, address treasury) external;

    /// @notice The BackingLedger: the only caller of `creditBatch` and `settleBatch`. Admin only;
    ///         reverts with {TrETH_LedgerHasInTransit} while in-transit ETH is open.
    function setBackingLedger(address backingLedger) external;

    /// @notice Fee kept by the pool on instant ERC-4626 exits, in bps. It is also the most a report
    ///         may raise the rate (with the checker's `maxPositiveRebasePpb`), so a deposit before a
    ///         report and an instant exit after it never gains.
    function instantExitFeeBps() external view returns (uint16);

    /// @notice Admin only; `0 < feeBps <= MAX_INSTANT_EXIT_FEE_BPS`. Emits {InstantExitFeeSet}.
    function setInstantExitFee(uint16 feeBps) external;

    /// @notice Shares this contract holds and burns in later reports: value earned (rewards beyond
    ///         the per-report limit, requests finalized below today's rate) not yet in the rate.
    function deferredShares() external view returns (uint256);

    /// @notice The reference slot of a report that is due and not applied (0: none). Instant exits
    ///         are closed meanwhile.
    function pendingReportRefSlot() external view returns (uint256);

    /// @notice Counts a spoke batch's ETH as pooled and mints its shares to the ledger at the
    ///         current rate, rounded down like a deposit: `msg.value` that landed goes to the
    ///         buffer, `inTransitAssets` not landed yet to the ETH outside it. Ledger only; works
    ///         while deposits are paused (the spoke already minted). Dust worth no share mints none.
    ///         Emits {BatchCredited}.
    function creditBatch(uint256 inTransitAssets) external payable returns (uint256 shares);

    /// @notice Ends `inTransitAssets` of in-transit ETH: `msg.value` of it landed and moves to the
    ///         buffer; the rest never will and is written off, burning the ledger's shares worth it
    ///         (rounded up, at most all it holds), so only what the ledger cannot cover lowers the
    ///         rate. Ledger only. Reverts with {TrETH_InvalidSettlement} unless
    ///         `msg.value <= inTransitAssets <= inTransitEther()` and `inTransitAssets > 0`. Emits {BatchSettled}.
    function settleBatch(uint256 inTransitAssets) external payable returns (uint256 sharesBurned);

    /// @notice Gives the ledger `shares` for a batch whose spoke priced it below today's rate: first
    ///         the pool's deferred shares (gains not yet shown, so the rate does not move), then at
    ///         most `maxMinted` new shares (the hub's stakers carry the rest, as they carry any batch's
    ///         time on the bridge). Ledger only; the ledger bounds `maxMinted`. Emits {BatchShortfallCovered}.
    function coverBatchShortfall(uint256 shares, uint256 maxMinted)
        external
        returns (uint256 fromDeferred, uint256 minted);

    /// @notice Spoke batch ETH counted as pooled but not landed yet (part of the ETH outside the buffer).
    function inTransitEther() external view returns (uint256);

    /// @notice Applies a report the oracle committee agreed on: pulls the withdrawal vault, books
    ///         rewards (minting the fee as shares) or losses, finalizes withdrawals, then bounds the
    ///         rate's rise by deferring (or releasing deferred) shares. Oracle only.
    /// @dev Reverts with {TrETH_StaleRefSlot} unless `report.refSlot` is after the last applied
    ///      one, and with the sanity checker's error when the report is implausible.
    function handleOracleReport(OracleReport calldata report) external override;
}
