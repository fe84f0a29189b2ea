// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {IERC20Metadata} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Metadata.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";
import {ERC4626} from "@openzeppelin/contracts/token/ERC20/extensions/ERC4626.sol";
import {IERC4626} from "@openzeppelin/contracts/interfaces/IERC4626.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";

import {ITrETH} from "../shared/interfaces/ITrETH.sol";
import {IWETH} from "../shared/interfaces/IWETH.sol";
import {IDepositContract} from "../shared/interfaces/IDepositContract.sol";
import {INodeOperatorRegistry} from "../shared/interfaces/INodeOperatorRegistry.sol";
import {IOracleReportSanityChecker} from "../shared/interfaces/IOracleReportSanityChecker.sol";
import {IWithdrawalQueue} from "../shared/interfaces/IWithdrawalQueue.sol";
import {IWithdrawalVault} from "../shared/interfaces/IWithdrawalVault.sol";
import {ITributaryOracle} from "../shared/interfaces/ITributaryOracle.sol";
import {OracleReport} from "../shared/types/OracleReport.sol";
import {DepositDataRoot} from "../shared/libraries/DepositDataRoot.sol";
import {WithdrawalVault} from "./WithdrawalVault.sol";

/// @title TrETH
/// @notice Hub trETH and the staking pool behind it. Pooled ETH lives in storage (buffer + ETH
///         outside it: beacon balance and deposits the oracle has not seen yet); balances are never
///         read, so a donation cannot move the rate. Only oracle reports move the rate.
/// @dev Inflation attacks: the constructor's seed deposit mints shares to a dead address, so the
///      supply is never zero or tiny, and the rate moves only by sanity-checked reports.
///      Rate smoothing: no report raises the rate by more than the checker's `maxPositiveRebasePpb`
///      (nor by more than the instant-exit fee). What a report would add beyond that, from rewards or
///      from finalizing requests below the current rate, is carried as deferred shares that this
///      contract holds (they count in the supply, so they price deposits and exits) and burns in
///      later reports as the limit allows. A loss burns them first. docs/economics.md has the numbers.
contract TrETH is ITrETH, ERC4626, ERC20Permit, AccessControl, ReentrancyGuardTransient {
    using SafeCast for uint256;
    using SafeERC20 for IERC20;

    bytes32 public constant PAUSER_ROLE = keccak256("PAUSER_ROLE");
    bytes32 public constant KEEPER_ROLE = keccak256("KEEPER_ROLE");
    /// @notice Holder of the seed shares: never able to move them.
    address public constant DEAD = 0x000000000000000000000000000000000000dEaD;
    uint256 public constant MIN_SEED_DEPOSIT = 0.001 ether;
    uint16 public constant MAX_FEE_BPS = 2000;
    /// @notice Upper bound on the instant-exit fee: 1%.
    uint16 public constant MAX_INSTANT_EXIT_FEE_BPS = 100;
    /// @notice Instant-exit fee at deployment: 0.10%, above the 0.075% a report may raise the rate.
    uint16 public constant DEFAULT_INSTANT_EXIT_FEE_BPS = 10;
    uint256 private constant BPS = 10_000;
    uint256 private constant DEPOSIT_SIZE = 32 ether;
    uint256 private constant RATE_UNIT = 1e18;
    uint256 private constant PPB = 1e9;
    /// @dev One basis point in parts per billion.
    uint256 private constant PPB_PER_BPS = 1e5;
    /// @dev The guardian's pause of instant exits: only the admin (the timelock) lifts it.
    uint8 private constant GUARDIAN_PAUSE = 1;
    /// @dev The loss guard's pause: the next applied report, which carries the loss, lifts it.
    uint8 private constant REPORT_PAUSE = 2;

    IWETH public immutable WETH;
    IDepositContract public immutable DEPOSIT_CONTRACT;
    INodeOperatorRegistry public immutable REGISTRY;
    IWithdrawalVault public immutable WITHDRAWAL_VAULT;
    /// @dev Beacon slot length: a report covers (refSlot - last refSlot) * SECONDS_PER_SLOT. Private,
    ///      like `_lastRefSlot`: a new selector would reshuffle the dispatcher and cost other calls gas.
    uint64 private immutable SECONDS_PER_SLOT;
    bytes32 private immutable WITHDRAWAL_CREDENTIALS;

    /// @dev The hot slot: everything a deposit reads and writes, in one word.
    struct Pool {
        uint128 buffered;
        /// @dev Beacon balance + 32 ETH per deposited validator the oracle has not seen yet.
        uint112 outside;
        bool depositsPaused;
        /// @dev Instant-exit pauses, a bit each (GUARDIAN_PAUSE, REPORT_PAUSE); either one stops them.
        ///      One byte, so the struct stays one word.
        uint8 withdrawalPauses;
    }

    struct Beacon {
        uint64 depositedValidators;
        uint64 beaconValidators;
        uint64 exitedValidators;
        uint64 lastReportTime;
    }

    struct Fee {
        address treasury;
        uint16 feeBps;
        uint16 treasuryShareBps;
        /// @dev Kept by the pool on every ERC-4626 withdraw/redeem; also caps the rate's rise per report.
        uint16 instantExitFeeBps;
    }

    Pool private _pool;
    Beacon private _beacon;
    uint128 private _beaconBalance;
    /// @dev Reference slot of the last applied report (0: none yet), also in {OracleReportHandled}.
    ///      Shares `_beaconBalance`'s slot: both are read and written only by reports.
    uint64 private _lastRefSlot;
    /// @dev The oracle's reference slot when the until-report pause was set: only a later report
    ///      carries the loss it waits for. Same slot as the two above, which every report touches.
    uint64 private _lossPauseRefSlot;
    Fee private _fee;

    address public oracle;
    IWithdrawalQueue public withdrawalQueue;
    IOracleReportSanityChecker public sanityChecker;
    /// @notice The only caller of the spoke-batch hooks (creditBatch, settleBatch).
    address public backingLedger;
    /// @dev Spoke batch ETH counted as pooled before it lands. Already inside `_pool.outside` (so a
    ///      deposit reads one slot); kept apart so reports carry it over and settlement can check it.
    uint256 private _inTransit;

    /// @param admin DEFAULT_ADMIN_ROLE holder (grants pauser and keeper roles, sets oracle, queue, checker, fee).
    /// @param secondsPerSlot Beacon chain slot length (12 on Ethereum); must match the oracle's frames.
    /// @dev `msg.value` is the seed deposit (>= MIN_SEED_DEPOSIT), minted 1:1 to DEAD.
    constructor(
        address admin,
        IWETH weth,
        IDepositContract depositContract,
        INodeOperatorRegistry registry,
        address treasury,
        uint16 feeBps,
        uint16 treasuryShareBps,
        uint64 secondsPerSlot
    ) payable ERC20("Tributary Staked ETH", "trETH") ERC20Permit("Tributary Staked ETH") ERC4626(weth) {
        if (
            admin == address(0) || address(weth) == address(0) || address(depositContract) == address(0)
                || address(registry) == address(0)
        ) revert TrETH_ZeroAddress();
        if (msg.value < MIN_SEED_DEPOSIT) revert TrETH_SeedTooSmall(msg.value, MIN_SEED_DEPOSIT);
        if (secondsPerSlot == 0) revert TrETH_InvalidSecondsPerSlot();
        WETH = weth;
        SECONDS_PER_SLOT = secondsPerSlot;
        DEPOSIT_CONTRACT = depositContract;
        REGISTRY = registry;
        address vault = address(new WithdrawalVault(address(this)));
        WITHDRAWAL_VAULT = IWithdrawalVault(vault);
        WITHDRAWAL_CREDENTIALS = bytes32((uint256(1) << 248) | uint256(uint160(vault)));

        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _setFee(feeBps, treasuryShareBps, treasury);
        _setInstantExitFee(DEFAULT_INSTANT_EXIT_FEE_BPS);
        _pool.buffered = uint128(msg.value);
        _beacon.lastReportTime = uint64(block.timestamp);
        _mint(DEAD, msg.value);
        emit Deposited(msg.sender, DEAD, msg.value, msg.value);
    }

    /// @dev Only WETH (unwrapping deposits) and the withdrawal vault (reports) send ETH here.
    receive() external payable {
        if (msg.sender != address(WETH) && msg.sender != address(WITHDRAWAL_VAULT)) {
            revert TrETH_UnexpectedEther(msg.sender);
        }
    }

    modifier onlyBackingLedger() {
        if (msg.sender != backingLedger) revert TrETH_NotBackingLedger(msg.sender);
        _;
    }

    // ---------------------------------------------------------------- deposits

    /// @inheritdoc ITrETH
    function depositETH(address receiver, uint256 minShares) external payable returns (uint256 shares) {
        if (msg.value == 0) revert TrETH_ZeroDeposit();
        if (receiver == address(0)) revert TrETH_ZeroReceiver();
        Pool memory p = _pool;
        if (p.depositsPaused) revert TrETH_DepositsPaused();
        // Rounds down: the pool, not the depositor, keeps the remainder.
        shares = Math.mulDiv(msg.value, totalSupply(), uint256(p.buffered) + p.outside);
        if (shares < minShares || shares == 0) revert TrETH_InsufficientShares(shares, minShares);
        _pool.buffered = (p.buffered + msg.value).toUint128();
        _mint(receiver, shares);
        emit Deposited(msg.sender, receiver, msg.value, shares);
    }

    /// @inheritdoc IERC4626
    function deposit(uint256 assets, address receiver) public override(ERC4626, IERC4626) returns (uint256) {
        if (_pool.depositsPaused) revert TrETH_DepositsPaused();
        return super.deposit(assets, receiver);
    }

    /// @inheritdoc IERC4626
    function mint(uint256 shares, address receiver) public override(ERC4626, IERC4626) returns (uint256) {
        if (_pool.depositsPaused) revert TrETH_DepositsPaused();
        return super.mint(shares, receiver);
    }

    /// @inheritdoc IERC4626
    function withdraw(uint256 assets, address receiver, address owner)
        public
        override(ERC4626, IERC4626)
        returns (uint256)
    {
        _checkInstantExitOpen();
        return super.withdraw(assets, receiver, owner);
    }

    /// @inheritdoc IERC4626
    function redeem(uint256 shares, address receiver, address owner)
        public
        override(ERC4626, IERC4626)
        returns (uint256)
    {
        _checkInstantExitOpen();
        return super.redeem(shares, receiver, owner);
    }

    /// @dev While a report is due (its reference slot has passed, it is not applied yet) its content
    ///      is fixed by public beacon state and, once a member votes, published: an instant exit then
    ///      would be priced by a rate everyone knows is about to move.
    function _checkInstantExitOpen() private view {
        if (_pool.withdrawalPauses != 0) revert TrETH_WithdrawalsPaused();
        uint256 due = _dueRefSlot();
        if (due != 0) revert TrETH_ReportPending(due);
    }

    /// @dev The oracle's current reference slot when it is after the last applied one, else 0.
    function _dueRefSlot() private view returns (uint256) {
        address oracle_ = oracle;
        if (oracle_ == address(0)) return 0;
        uint256 refSlot = ITributaryOracle(oracle_).currentRefSlot();
        return refSlot > _lastRefSlot ? refSlot : 0;
    }

    // ---------------------------------------------------------------- spoke batches

    /// @inheritdoc ITrETH
    function creditBatch(uint256 inTransitAssets) external payable onlyBackingLedger returns (uint256 shares) {
        uint256 assets = msg.value + inTransitAssets;
        if (assets == 0) revert TrETH_ZeroDeposit();
        Pool memory p = _pool;
        // Rounds down like a deposit: the remainder stays with the pool. A landing is never
        // refused, so dust worth no share mints none and raises the rate for everyone.
        shares = Math.mulDiv(assets, totalSupply(), uint256(p.buffered) + p.outside);
        _storePool(p, p.buffered + msg.value, p.outside + inTransitAssets);
        if (inTransitAssets > 0) _inTransit += inTransitAssets;
        if (shares > 0) _mint(msg.sender, shares);
        emit BatchCredited(msg.value, inTransitAssets, shares);
    }

    /// @inheritdoc ITrETH
    function settleBatch(uint256 inTransitAssets) external payable onlyBackingLedger returns (uint256 sharesBurned) {
        uint256 inTransit = _inTransit;
        if (inTransitAssets == 0 || msg.value > inTransitAssets || inTransitAssets > inTransit) {
            revert TrETH_InvalidSettlement(msg.value, inTransitAssets, inTransit);
        }
        Pool memory p = _pool;
        uint256 missing = inTransitAssets - msg.value;
        if (missing > 0) {
            // Shares worth the missing ETH, rounded up so a full burn never lowers the rate.
            uint256 worth = Math.mulDiv(missing, totalSupply(), uint256(p.buffered) + p.outside, Math.Rounding.Ceil);
            sharesBurned = Math.min(worth, balanceOf(msg.sender));
        }
        // `outside` >= `_inTransit` always: every report rebuilds it on top of `_inTransit`.
        _storePool(p, p.buffered + msg.value, p.outside - inTransitAssets);
        _inTransit = inTransit - inTransitAssets;
        if (sharesBurned > 0) _burn(msg.sender, sharesBurned);
        emit BatchSettled(msg.value, missing, sharesBurned);
    }

    /// @inheritdoc ITrETH
    function coverBatchShortfall(uint256 shares, uint256 maxMinted)
        external
        onlyBackingLedger
        returns (uint256 fromDeferred, uint256 minted)
    {
        fromDeferred = Math.min(shares, balanceOf(address(this)));
        minted = Math.min(shares - fromDeferred, maxMinted);
        if (fromDeferred > 0) _transfer(address(this), msg.sender, fromDeferred);
        if (minted > 0) _mint(msg.sender, minted);
        emit BatchShortfallCovered(fromDeferred, minted);
    }

    /// @inheritdoc ITrETH
    function inTransitEther() external view returns (uint256) {
        return _inTransit;
    }

    // ---------------------------------------------------------------- staking

    /// @inheritdoc ITrETH
    function depositBufferedEther(uint256 maxValidators)
        external
        onlyRole(KEEPER_ROLE)
        nonReentrant
        returns (uint256 count)
    {
        Pool memory p = _pool;
        uint256 liquid = _liquidity(p);
        count = Math.min(maxValidators, liquid / DEPOSIT_SIZE);
        if (count == 0) revert TrETH_NotEnoughBuffered(p.buffered, p.buffered - liquid + DEPOSIT_SIZE);
        count = REGISTRY.allocatableKeys(count);
        if (count == 0) revert TrETH_NoKeysAvailable();

        uint256 amount = count * DEPOSIT_SIZE;
        uint256 buffered = p.buffered - amount;
        _storePool(p, buffered, p.outside + amount);
        _beacon.depositedValidators += uint64(count);
        emit ValidatorsDeposited(count, buffered);

        bytes32 credentials = WITHDRAWAL_CREDENTIALS;
        (bytes memory pubkeys, bytes memory signatures, bytes32[] memory roots) =
            REGISTRY.allocateKeys(count, credentials);
        bytes memory encodedCredentials = abi.encodePacked(credentials);
        for (uint256 i; i < count; ++i) {
            DEPOSIT_CONTRACT.deposit{value: DEPOSIT_SIZE}(
                DepositDataRoot.slice(pubkeys, i * 48, 48),
                encodedCredentials,
                DepositDataRoot.slice(signatures, i * 96, 96),
                roots[i]
            );
        }
    }

    // ---------------------------------------------------------------- oracle

    /// @inheritdoc ITrETH
    /// @dev The checker's timeElapsed is beacon time between the two reports' reference slots, not
    ///      wall time between the transactions: a report describes its refSlot whenever it lands.
    ///      The first report counts from slot 0 (beacon genesis), so on a chain older than the pool
    ///      its annualized-increase bound is loose. Acceptable: it starts from no beacon balance
    ///      (every validator it shows counts as a fresh 32 ETH deposit of this pool), and the
    ///      time-independent per-report rebase and balance-drop limits still bound it.
    function handleOracleReport(OracleReport calldata report)
        external
        override
        nonReentrant
    {
        if (msg.sender != oracle) revert TrETH_NotOracle(msg.sender);
        IOracleReportSanityChecker checker = sanityChecker;
        if (address(checker) == address(0)) revert TrETH_SanityCheckerNotSet();

        Pool memory p = _pool;
        Beacon memory b = _beacon;
        uint256 preBeaconBalance = _beaconBalance;
        uint256 pre = uint256(p.buffered) + p.outside;
        uint256 preShares = totalSupply();
        // Saturating so an impossible count reaches the checker, whose error says what is wrong.
        uint256 unseen = report.beaconValidators <= b.depositedValidators
            ? (b.depositedValidators - report.beaconValidators) * DEPOSIT_SIZE
            : 0;
        // In-transit batch ETH is in `pre` and stays in `post`: a batch is never a reward or a loss.
        uint256 outside = report.beaconBalance + unseen + _inTransit;

        // The checker says how much of the vault this report may count: the rest (a donation, a
        // skim beyond the annual bound) stays there for later reports instead of refusing this one.
        uint256 vaultBalance = checker.checkReport(
            IOracleReportSanityChecker.ReportCheck({
                timeElapsed: _beaconTimeSinceLastReport(report.refSlot),
                preBeaconBalance: preBeaconBalance,
                postBeaconBalance: report.beaconBalance,
                withdrawalVaultBalance: report.withdrawalVaultBalance,
                preTotalPooledEther: pre,
                postTotalPooledEther: p.buffered + report.withdrawalVaultBalance + outside,
                preBeaconValidators: b.beaconValidators,
                postBeaconValidators: report.beaconValidators,
                depositedValidators: b.depositedValidators,
                preExitedValidators: b.exitedValidators,
                postExitedValidators: report.exitedValidators
            })
        );
        if (
            report.beaconValidators < b.beaconValidators || report.beaconValidators > b.depositedValidators
                || report.exitedValidators < b.exitedValidators || report.exitedValidators > report.beaconValidators
        ) revert TrETH_InvalidValidatorCounts(report.beaconValidators, report.exitedValidators);

        uint256 post = p.buffered + vaultBalance + outside;
        // A report from after the until-report pause carries the loss it waited for: that pause ends
        // here. An older one does not, and lifting on it would reopen exits at the pre-loss rate.
        if (p.withdrawalPauses & REPORT_PAUSE != 0 && report.refSlot > _lossPauseRefSlot) {
            emit InstantWithdrawalsPauseLiftedByReport(report.refSlot);
            p.withdrawalPauses &= GUARDIAN_PAUSE;
        }
        _storePool(p, p.buffered + vaultBalance, outside);
        _beaconBalance = report.beaconBalance;
        _lastRefSlot = report.refSlot;
        _beacon = Beacon(
            b.depositedValidators, report.beaconValidators, report.exitedValidators, uint64(block.timestamp)
        );
        if (vaultBalance > 0) WITHDRAWAL_VAULT.withdrawToPool(vaultBalance);

        uint256 rewards = post > pre ? post - pre : 0;
        uint256 feeShares = rewards > 0 ? _mintFee(rewards, post) : 0;
        emit OracleReportHandled(report.refSlot, pre, post, totalSupply(), rewards, pre - Math.min(pre, post), feeShares);

        uint256 risePpb = Math.min(checker.limits().maxPositiveRebasePpb, uint256(_fee.instantExitFeeBps) * PPB_PER_BPS);
        _smoothRate(pre, preShares, risePpb);
        // Requests are priced at the rate holders end the report at (a loss the deferred shares
        // absorb is absorbed for them too); their surplus is then smoothed like any other gain.
        _finalizeWithdrawals(report.finalizeUpToRequestId, getRate());
        _smoothRate(pre, preShares, risePpb);
    }

    /// @dev Writes the hot slot in one store, keeping `p`'s pause flags.
    function _storePool(Pool memory p, uint256 buffered, uint256 outside) private {
        _pool = Pool(buffered.toUint128(), outside.toUint112(), p.depositsPaused, p.withdrawalPauses);
    }

    /// @dev Brings the supply to the smallest one at which the rate is within `risePpb` of the rate
    ///      before the report: deferred shares (held here) are burned down to it, or more are
    ///      deferred up to it. Rounded up, so the rate never ends above the ceiling.
    function _smoothRate(uint256 prePooled, uint256 preShares, uint256 risePpb) private {
        // An empty pool had no rate to bound (the checker refuses growth out of it).
        if (prePooled == 0) return;
        uint256 pooled = totalPooledEther();
        uint256 floorShares = Math.mulDiv(pooled * PPB, preShares, prePooled * (PPB + risePpb), Math.Rounding.Ceil);
        uint256 supply = totalSupply();
        uint256 deferred = balanceOf(address(this));
        uint256 added;
        uint256 released;
        if (supply < floorShares) {
            added = floorShares - supply;
            _mint(address(this), added);
        } else {
            released = Math.min(deferred, supply - floorShares);
            if (released > 0) _burn(address(this), released);
        }
        if (added > 0 || released > 0) emit DeferredSharesChanged(added, released, deferred + added - released);
    }

    // ---------------------------------------------------------------- roles

    /// @inheritdoc ITrETH
    function pauseDeposits() external onlyRole(PAUSER_ROLE) {
        _pool.depositsPaused = true;
        emit DepositsPaused(msg.sender);
    }

    /// @inheritdoc ITrETH
    function resumeDeposits() external onlyRole(DEFAULT_ADMIN_ROLE) {
        _pool.depositsPaused = false;
        emit DepositsResumed(msg.sender);
    }

    /// @inheritdoc ITrETH
    function pauseInstantWithdrawals() external onlyRole(PAUSER_ROLE) {
        _pool.withdrawalPauses |= GUARDIAN_PAUSE;
        emit InstantWithdrawalsPaused(msg.sender);
    }

    /// @inheritdoc ITrETH
    function pauseInstantWithdrawalsUntilReport() external onlyRole(PAUSER_ROLE) {
        address oracle_ = oracle;
        _lossPauseRefSlot = oracle_ == address(0) ? 0 : uint64(ITributaryOracle(oracle_).currentRefSlot());
        _pool.withdrawalPauses |= REPORT_PAUSE;
        emit InstantWithdrawalsPausedUntilReport(msg.sender);
    }

    /// @inheritdoc ITrETH
    function resumeInstantWithdrawals() external onlyRole(DEFAULT_ADMIN_ROLE) {
        _pool.withdrawalPauses = 0;
        emit InstantWithdrawalsResumed(msg.sender);
    }

    /// @inheritdoc ITrETH
    function setOracle(address oracle_) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (oracle_ == address(0)) revert TrETH_ZeroAddress();
        oracle = oracle_;
        emit OracleSet(oracle_);
    }

    /// @inheritdoc ITrETH
    /// @dev Open requests hold shares in the old queue and only it can pay them: a swap then would
    ///      strand them, so it waits until the old queue is drained.
    function setWithdrawalQueue(address withdrawalQueue_) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (withdrawalQueue_ == address(0)) revert TrETH_ZeroAddress();
        IWithdrawalQueue old = withdrawalQueue;
        if (address(old) != address(0) && old.lastFinalizedRequestId() != old.lastRequestId()) {
            revert TrETH_QueueHasOpenRequests(address(old), old.lastRequestId() - old.lastFinalizedRequestId());
        }
        withdrawalQueue = IWithdrawalQueue(withdrawalQueue_);
        emit WithdrawalQueueSet(withdrawalQueue_);
    }

    /// @inheritdoc ITrETH
    function setSanityChecker(address sanityChecker_) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (sanityChecker_ == address(0)) revert TrETH_ZeroAddress();
        sanityChecker = IOracleReportSanityChecker(sanityChecker_);
        emit SanityCheckerSet(sanityChecker_);
    }

    /// @inheritdoc ITrETH
    /// @dev Only the ledger that credited in-transit ETH can settle it: no swap while any is open.
    function setBackingLedger(address backingLedger_) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (backingLedger_ == address(0)) revert TrETH_ZeroAddress();
        if (_inTransit != 0) revert TrETH_LedgerHasInTransit(_inTransit);
        backingLedger = backingLedger_;
        emit BackingLedgerSet(backingLedger_);
    }

    /// @inheritdoc ITrETH
    function setFee(uint16 feeBps, uint16 treasuryShareBps, address treasury) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setFee(feeBps, treasuryShareBps, treasury);
    }

    /// @inheritdoc ITrETH
    function setInstantExitFee(uint16 feeBps) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setInstantExitFee(feeBps);
    }

    // ---------------------------------------------------------------- views

    /// @inheritdoc ITrETH
    function getRate() public view returns (uint256) {
        return Math.mulDiv(totalPooledEther(), RATE_UNIT, totalSupply());
    }

    /// @inheritdoc ITrETH
    function totalPooledEther() public view returns (uint256) {
        Pool memory p = _pool;
        return uint256(p.buffered) + p.outside;
    }

    /// @inheritdoc ITrETH
    function bufferedEther() external view returns (uint256) {
        return _pool.buffered;
    }

    /// @inheritdoc ITrETH
    function beaconStats()
        external
        view
        returns (uint256 depositedValidators, uint256 beaconValidators, uint256 exitedValidators, uint256 beaconBalance)
    {
        Beacon memory b = _beacon;
        return (b.depositedValidators, b.beaconValidators, b.exitedValidators, _beaconBalance);
    }

    /// @inheritdoc ITrETH
    function lastReportTime() external view returns (uint256) {
        return _beacon.lastReportTime;
    }

    /// @inheritdoc ITrETH
    function availableLiquidity() external view returns (uint256) {
        return _liquidity(_pool);
    }

    /// @inheritdoc ITrETH
    function withdrawalCredentials() external view returns (bytes32) {
        return WITHDRAWAL_CREDENTIALS;
    }

    /// @inheritdoc ITrETH
    function paused() external view returns (bool depositsPaused, bool instantWithdrawalsPaused) {
        Pool memory p = _pool;
        return (p.depositsPaused, p.withdrawalPauses != 0);
    }

    /// @inheritdoc ITrETH
    function feeConfig() external view returns (uint16 feeBps, uint16 treasuryShareBps, address treasury) {
        Fee memory f = _fee;
        return (f.feeBps, f.treasuryShareBps, f.treasury);
    }

    /// @inheritdoc ITrETH
    function instantExitFeeBps() external view returns (uint16) {
        return _fee.instantExitFeeBps;
    }

    /// @inheritdoc ITrETH
    function deferredShares() external view returns (uint256) {
        return balanceOf(address(this));
    }

    /// @inheritdoc ITrETH
    function pendingReportRefSlot() external view returns (uint256) {
        return _dueRefSlot();
    }

    /// @inheritdoc IERC4626
    function totalAssets() public view override(ERC4626, IERC4626) returns (uint256) {
        return totalPooledEther();
    }

    /// @inheritdoc IERC4626
    /// @dev The buffer is a uint128: a deposit past it would revert. None while the pool holds no
    ///      ETH (after a total loss a share has no price).
    function maxDeposit(address) public view override(ERC4626, IERC4626) returns (uint256) {
        Pool memory p = _pool;
        if (p.depositsPaused || uint256(p.buffered) + p.outside == 0) return 0;
        return type(uint128).max - p.buffered;
    }

    /// @inheritdoc IERC4626
    function maxMint(address receiver) public view override(ERC4626, IERC4626) returns (uint256) {
        return _convertToShares(maxDeposit(receiver), Math.Rounding.Floor);
    }

    /// @inheritdoc IERC4626
    /// @dev Net of the instant-exit fee; zero while paused or while a report is due.
    function maxWithdraw(address owner) public view override(ERC4626, IERC4626) returns (uint256) {
        Pool memory p = _pool;
        if (p.withdrawalPauses != 0 || _dueRefSlot() != 0) return 0;
        return Math.min(previewRedeem(balanceOf(owner)), _liquidity(p));
    }

    /// @inheritdoc IERC4626
    function maxRedeem(address owner) public view override(ERC4626, IERC4626) returns (uint256) {
        Pool memory p = _pool;
        if (p.withdrawalPauses != 0 || _dueRefSlot() != 0) return 0;
        // Shares whose gross value, less the fee, fits the liquidity; both steps round down.
        uint256 gross = Math.mulDiv(_liquidity(p), BPS, BPS - _fee.instantExitFeeBps);
        return Math.min(balanceOf(owner), _convertToShares(gross, Math.Rounding.Floor));
    }

    /// @inheritdoc IERC4626
    /// @dev The instant-exit fee (rounded up) stays in the pool.
    function previewRedeem(uint256 shares) public view override(ERC4626, IERC4626) returns (uint256) {
        uint256 gross = _convertToAssets(shares, Math.Rounding.Floor);
        return gross - Math.mulDiv(gross, _fee.instantExitFeeBps, BPS, Math.Rounding.Ceil);
    }

    /// @inheritdoc IERC4626
    function previewWithdraw(uint256 assets) public view override(ERC4626, IERC4626) returns (uint256) {
        uint256 gross = Math.mulDiv(assets, BPS, BPS - _fee.instantExitFeeBps, Math.Rounding.Ceil);
        return _convertToShares(gross, Math.Rounding.Ceil);
    }

    /// @inheritdoc ERC4626
    function decimals() public view override(IERC20Metadata, ERC20, ERC4626) returns (uint8) {
        return super.decimals();
    }

    function supportsInterface(bytes4 interfaceId) public view override returns (bool) {
        return super.supportsInterface(interfaceId);
    }

    // ---------------------------------------------------------------- internal

    /// @dev Zero while the pool holds no ETH: no price exists, and deposits then refuse zero shares.
    function _convertToShares(uint256 assets, Math.Rounding rounding) internal view override returns (uint256) {
        uint256 pooled = totalPooledEther();
        return pooled == 0 ? 0 : Math.mulDiv(assets, totalSupply(), pooled, rounding);
    }

    function _convertToAssets(uint256 shares, Math.Rounding rounding) internal view override returns (uint256) {
        return Math.mulDiv(shares, totalPooledEther(), totalSupply(), rounding);
    }

    /// @dev Pulls WETH and unwraps it: the pool holds ETH only.
    function _deposit(address caller, address receiver, uint256 assets, uint256 shares)
        internal
        override
        nonReentrant
    {
        if (shares == 0) revert TrETH_InsufficientShares(0, 0);
        IERC20(address(WETH)).safeTransferFrom(caller, address(this), assets);
        WETH.withdraw(assets);
        _pool.buffered = (_pool.buffered + assets).toUint128();
        _mint(receiver, shares);
        emit Deposit(caller, receiver, assets, shares);
    }

    /// @dev Burns and books first, then wraps and pays: nothing to reenter into.
    function _withdraw(address caller, address receiver, address owner, uint256 assets, uint256 shares)
        internal
        override
        nonReentrant
    {
        if (caller != owner) _spendAllowance(owner, caller, shares);
        // Burns only the shares worth what is paid (rounded up): the fee's shares join the deferred
        // ones, so the fee reaches holders within the per-report limit instead of lifting the rate
        // at once (a large exit would otherwise hand a jump to whoever deposited just before it).
        uint256 burned = Math.mulDiv(assets, totalSupply(), totalPooledEther(), Math.Rounding.Ceil);
        _burn(owner, burned);
        if (shares > burned) _update(owner, address(this), shares - burned);
        _pool.buffered -= assets.toUint128();
        emit Withdraw(caller, receiver, owner, assets, shares);
        WETH.deposit{value: assets}();
        IERC20(address(WETH)).safeTransfer(receiver, assets);
    }

    /// @dev Buffer minus the ETH unfinalized requests need at the current rate (rounded up).
    function _liquidity(Pool memory p) private view returns (uint256) {
        IWithdrawalQueue queue = withdrawalQueue;
        if (address(queue) == address(0)) return p.buffered;
        uint256 reserved =
            Math.mulDiv(queue.unfinalizedShares(), uint256(p.buffered) + p.outside, totalSupply(), Math.Rounding.Ceil);
        return p.buffered > reserved ? p.buffered - reserved : 0;
    }

    /// @dev Mints shares worth `feeBps` of `rewards` at the post-report pooled ETH: treasury first
    ///      (its bps of the fee), operators by deposited keys; rounding dust goes to the treasury.
    function _mintFee(uint256 rewards, uint256 pooled) private returns (uint256 shares) {
        Fee memory f = _fee;
        uint256 feeEth = rewards * f.feeBps / BPS;
        if (feeEth == 0) return 0;
        // s / (supply + s) of pooled == feeEth  <=>  s = feeEth * supply / (pooled - feeEth).
        shares = Math.mulDiv(feeEth, totalSupply(), pooled - feeEth);
        if (shares == 0) return 0;
        uint256 operatorPart = shares - shares * f.treasuryShareBps / BPS;
        uint256 paid;
        if (operatorPart > 0) {
            (address[] memory recipients, uint256[] memory weights) = REGISTRY.rewardRecipients();
            uint256 totalWeight;
            for (uint256 i; i < weights.length; ++i) {
                totalWeight += weights[i];
            }
            for (uint256 i; totalWeight > 0 && i < recipients.length; ++i) {
                uint256 part = operatorPart * weights[i] / totalWeight;
                if (part == 0) continue;
                _mint(recipients[i], part);
                paid += part;
            }
        }
        _mint(f.treasury, shares - paid);
        emit FeeDistributed(shares - paid, paid);
    }

    /// @dev Reverts unless `refSlot` is after the last applied one: the oracle already orders
    ///      frames, but the pool does not rely on it.
    function _beaconTimeSinceLastReport(uint256 refSlot) private view returns (uint256) {
        uint256 last = _lastRefSlot;
        if (refSlot <= last) revert TrETH_StaleRefSlot(refSlot, last);
        return (refSlot - last) * SECONDS_PER_SLOT;
    }

    /// @dev Skips (never reverts) when there is nothing to finalize or the buffer cannot pay.
    ///      Requests are paid at most `rate`; the pool burns only the queued shares worth what it
    ///      pays (rounded up, so the rate never falls) and defers the rest, which `_smoothRate`
    ///      releases within the per-report limit: a request priced below today's rate is a gain for
    ///      the remaining holders, not a jump of the rate.
    function _finalizeWithdrawals(uint256 upToRequestId, uint256 rate) private {
        IWithdrawalQueue queue = withdrawalQueue;
        if (upToRequestId == 0 || address(queue) == address(0)) return;
        if (upToRequestId <= queue.lastFinalizedRequestId() || upToRequestId > queue.lastRequestId()) return;
        if (rate == 0) return;
        (uint256 ethToLock, uint256 sharesToBurn) = queue.prefinalize(upToRequestId, rate);
        Pool memory p = _pool;
        uint256 pooled = uint256(p.buffered) + p.outside;
        if (ethToLock > p.buffered || ethToLock > Math.mulDiv(sharesToBurn, rate, RATE_UNIT)) return;
        uint256 burned = Math.mulDiv(ethToLock, totalSupply(), pooled, Math.Rounding.Ceil);
        _pool.buffered = uint128(p.buffered - ethToLock);
        _burn(address(queue), burned);
        uint256 deferred = sharesToBurn - burned;
        if (deferred > 0) _update(address(queue), address(this), deferred);
        emit WithdrawalsFinalized(upToRequestId, ethToLock, burned, deferred);
        queue.finalize{value: ethToLock}(upToRequestId, rate);
    }

    function _setFee(uint16 feeBps, uint16 treasuryShareBps, address treasury) private {
        if (feeBps > MAX_FEE_BPS) revert TrETH_FeeTooHigh(feeBps, MAX_FEE_BPS);
        if (treasuryShareBps > BPS) revert TrETH_InvalidTreasuryShare(treasuryShareBps);
        if (treasury == address(0)) revert TrETH_ZeroAddress();
        (_fee.treasury, _fee.feeBps, _fee.treasuryShareBps) = (treasury, feeBps, treasuryShareBps);
        emit FeeSet(feeBps, treasuryShareBps, treasury);
    }

    /// @dev Zero is refused: the fee also caps each report's rise, so zero would freeze the rate.
    function _setInstantExitFee(uint16 feeBps) private {
        if (feeBps == 0 || feeBps > MAX_INSTANT_EXIT_FEE_BPS) {
            revert TrETH_InvalidInstantExitFee(feeBps, MAX_INSTANT_EXIT_FEE_BPS);
        }
        _fee.instantExitFeeBps = feeBps;
        emit InstantExitFeeSet(feeBps);
    }
}
