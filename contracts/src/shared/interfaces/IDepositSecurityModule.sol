// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title IDepositSecurityModule
/// @notice Guards the pool's validator deposits against node-operator front-running. The beacon chain
///         keeps the withdrawal credentials of a pubkey's first deposit, so an operator that deposits
///         1 ETH for one of its registered keys, with credentials it controls, before the pool's
///         32 ETH would own that 32 ETH. Off-chain guardians check that none of the keys the next
///         deposit would use has a deposit yet, then sign the deposit contract's root and the
///         registry's key nonce at a recent block. A deposit needs a quorum of such signatures for
///         the current root and nonce: any deposit to the deposit contract after the guardians
///         looked (the front-run included) changes the root and voids them.
/// @dev Signatures are EIP-712 typed data over this contract's domain ("DepositSecurityModule", "1").
interface IDepositSecurityModule {
    /// @notice A compact ECDSA signature (EIP-2098): `vs` packs `s` and the parity bit of `v`.
    struct Signature {
        bytes32 r;
        bytes32 vs;
    }

    event GuardianAdded(address indexed guardian);
    event GuardianRemoved(address indexed guardian);
    event GuardianQuorumChanged(uint256 quorum);
    event MaxDepositsPerBlockChanged(uint256 maxDeposits);
    event MinDepositBlockDistanceChanged(uint256 blocks);
    event MaxSignatureAgeChanged(uint256 blocks);
    event PauseIntentValidityPeriodChanged(uint256 blocks);
    /// @notice Deposits paused by `guardian` (directly, or by anyone relaying its signed pause).
    event DepositsPaused(address indexed guardian);
    event DepositsUnpaused(address indexed by);
    /// @notice A guarded deposit of `count` validators, authorised by signatures over this block, root and nonce.
    event GuardedDeposit(uint256 count, uint256 blockNumber, bytes32 depositRoot, uint256 keysNonce);

    error DepositSecurityModule_ZeroAddress();
    error DepositSecurityModule_DuplicateGuardian(address guardian);
    error DepositSecurityModule_NotGuardian(address account);
    error DepositSecurityModule_InvalidQuorum(uint256 quorum, uint256 guardians);
    error DepositSecurityModule_InvalidMaxDeposits(uint256 maxDeposits);
    error DepositSecurityModule_InvalidSignatureAge(uint256 blocks);
    error DepositSecurityModule_DepositsPaused();
    error DepositSecurityModule_NotPaused();
    error DepositSecurityModule_NoQuorum(uint256 signatures, uint256 quorum);
    error DepositSecurityModule_InvalidSignature(uint256 index);
    /// @notice Signers must be distinct guardians sorted by address, ascending.
    error DepositSecurityModule_SignersNotSorted(uint256 index);
    error DepositSecurityModule_DepositRootChanged(bytes32 signed, bytes32 current);
    error DepositSecurityModule_KeysNonceChanged(uint256 signed, uint256 current);
    error DepositSecurityModule_UnknownBlockHash(uint256 blockNumber, bytes32 blockHash);
    error DepositSecurityModule_StaleBlock(uint256 blockNumber, uint256 maxAge);
    error DepositSecurityModule_TooManyValidators(uint256 requested, uint256 maxDeposits);
    error DepositSecurityModule_TooSoon(uint256 lastDepositBlock, uint256 minDistance);
    error DepositSecurityModule_PauseIntentExpired(uint256 blockNumber, uint256 validityBlocks);

    /// @notice Stakes up to `maxValidators` x 32 ETH of the pool's buffer, authorised by guardians.
    /// @dev Open to anyone: the signatures are the authorisation. The keys used are the registry's
    ///      `nextKeys(maxValidators)`, a prefix of the `maxDepositsPerBlock` keys guardians check.
    ///      Requirements:
    ///      - deposits not paused, and at least `minDepositBlockDistance` blocks since the last one;
    ///      - `maxValidators <= maxDepositsPerBlock`;
    ///      - `blockHash` is the hash of block `blockNumber`, at most `maxSignatureAge` blocks old;
    ///      - `depositRoot` and `keysNonce` equal the deposit contract's root and the registry's nonce now;
    ///      - at least `quorum` signatures over {depositMessageHash}, by guardians, signers strictly ascending.
    ///      Emits {GuardedDeposit}; the pool emits its own deposit events.
    /// @return deposited Validators the pool deposited.
    function depositBufferedEther(
        uint256 maxValidators,
        uint256 blockNumber,
        bytes32 blockHash,
        bytes32 depositRoot,
        uint256 keysNonce,
        Signature[] calldata signatures
    ) external returns (uint256 deposited);

    /// @notice Pauses deposits. Guardian only: one guardian that sees a front-run stops the pool alone.
    ///         Emits {DepositsPaused}.
    function pauseDeposits() external;

    /// @notice Pauses deposits on a guardian's signed pause intent for `blockNumber`, relayed by anyone
    ///         (a guardian without ETH for gas can still stop deposits).
    /// @dev Reverts once `blockNumber` is more than `pauseIntentValidityPeriod` blocks old, so an old
    ///      intent cannot be replayed after an unpause. Emits {DepositsPaused}.
    function pauseDepositsWithSignature(uint256 blockNumber, Signature calldata signature) external;

    /// @notice Resumes deposits. Admin only. Emits {DepositsUnpaused}.
    function unpauseDeposits() external;

    /// @notice Adds a guardian and sets the quorum. Admin only. Emits {GuardianAdded}, {GuardianQuorumChanged}.
    function addGuardian(address guardian, uint256 newQuorum) external;

    /// @notice Removes a guardian and sets the quorum. Admin only. Emits {GuardianRemoved}, {GuardianQuorumChanged}.
    function removeGuardian(address guardian, uint256 newQuorum) external;

    /// @notice Signatures a deposit needs, 1..guardian count. Admin only. Emits {GuardianQuorumChanged}.
    function setGuardianQuorum(uint256 newQuorum) external;

    /// @notice Most validators per guarded deposit (and the number of next keys guardians check).
    ///         Admin only. Emits {MaxDepositsPerBlockChanged}.
    function setMaxDepositsPerBlock(uint256 maxDeposits) external;

    /// @notice Fewest blocks between two guarded deposits. Admin only. Emits {MinDepositBlockDistanceChanged}.
    function setMinDepositBlockDistance(uint256 blocks) external;

    /// @notice Oldest signed block a deposit accepts, 1..256 (the EVM knows only 256 block hashes).
    ///         Admin only. Emits {MaxSignatureAgeChanged}.
    function setMaxSignatureAge(uint256 blocks) external;

    /// @notice How long a signed pause intent stays valid, in blocks. Admin only.
    ///         Emits {PauseIntentValidityPeriodChanged}.
    function setPauseIntentValidityPeriod(uint256 blocks) external;

    /// @notice EIP-712 digest guardians sign to authorise a deposit.
    function depositMessageHash(uint256 blockNumber, bytes32 blockHash, bytes32 depositRoot, uint256 keysNonce)
        external
        view
        returns (bytes32);

    /// @notice EIP-712 digest a guardian signs to pause deposits.
    function pauseMessageHash(uint256 blockNumber) external view returns (bytes32);

    /// @notice Whether a deposit could go ahead now given valid signatures: not paused, past the
    ///         minimum distance, and a quorum is configured.
    function canDeposit() external view returns (bool);

    function getGuardians() external view returns (address[] memory);
    function isGuardian(address account) external view returns (bool);
    function quorum() external view returns (uint256);
    function paused() external view returns (bool);
    function lastDepositBlock() external view returns (uint256);
    function maxDepositsPerBlock() external view returns (uint256);
    function minDepositBlockDistance() external view returns (uint256);
    function maxSignatureAge() external view returns (uint256);
    function pauseIntentValidityPeriod() external view returns (uint256);
}
